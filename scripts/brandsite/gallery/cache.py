"""The gallery's files under `.cache/brandsite/gallery/`: what is known, what is done.

    index.json       source path → (size, mtime_ns, sha256), and sha256 → photo facts
                     (upright size, placeholder), so an unchanged photo is neither hashed
                     nor opened again
    index-K-of-N.json
                     the same for the photos one `gallery --shard K/N` job made: each job
                     writes its own, so jobs sharing a folder, or CI artifacts copied into
                     one, never overwrite each other; every run reads them all, and a whole
                     run folds them into index.json
    variants/<key>.<ext>
                     one encoded output; `key` hashes the source content and every option
                     that shapes that output, so a file that exists is a file to trust

Every file is written with `publish.atomic.write_atomic` (a temporary name, then os.replace): an
interrupted run leaves only hidden `*.tmp` files, which no run trusts and `prune` removes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..publish.atomic import write_atomic

# The project's cache folder (mkdocs.yml's `cache_dir`) unless set: the gallery's is its gallery/.
DEFAULT_CACHE_DIR = ".cache/brandsite"
# Bump when the pipeline's output changes for the same options: every cached file is redone.
PIPELINE_VERSION = 3  # 2: the print JPEG no longer a source of smaller web sizes; 3: HEIC by libvips (engine vips)

_EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "print": "jpg"}


@dataclass(frozen=True)
class PhotoFacts:
    width: int
    height: int
    color: str
    preview: str


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def variant_key(source_sha: str, engine: str, kind: str, quality: int, method: int, size: tuple[int, int]) -> str:
    """Names one output: the same source, engine ("pillow" or "vips") and options always give the same key."""
    text = f"{PIPELINE_VERSION}|{engine}|{source_sha}|{kind}|q{quality}|m{method}|{size[0]}x{size[1]}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def variant_file(variants: Path, key: str, kind: str) -> Path:
    """The file of one output in the folder `variants` (what a worker process writes, knowing only the folder)."""
    return variants / f"{key}.{_EXTENSIONS[kind]}"


class GalleryCache:
    """Source hashes, photo facts and variant files; used from one thread (workers only write variants)."""

    def __init__(self, root: Path, shard: str = ""):
        self.root = root
        self.variants = root / "variants"
        self.variants.mkdir(parents=True, exist_ok=True)
        self._index_path = root / (f"index-{shard}.json" if shard else "index.json")
        self._shard_indexes = sorted(root.glob("index-*.json"))
        self._sources: dict[str, list] = {}
        self._facts: dict[str, dict] = {}
        for path in [root / "index.json", *self._shard_indexes]:
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # first run, or an index from a crashed editor: start afresh
        if isinstance(data, dict) and data.get("version") == PIPELINE_VERSION:
            self._sources.update(data.get("sources", {}))
            self._facts.update(data.get("photos", {}))

    def source_sha(self, path: Path) -> str:
        """Content hash of `path`, recomputed only when its size or mtime changed."""
        stat = path.stat()
        known = self._sources.get(str(path))
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2]
        sha = file_sha256(path)
        self._sources[str(path)] = [stat.st_size, stat.st_mtime_ns, sha]
        return sha

    def facts(self, sha: str) -> PhotoFacts | None:
        known = self._facts.get(sha)
        return PhotoFacts(**known) if known else None

    def remember(self, sha: str, facts: PhotoFacts) -> None:
        self._facts[sha] = asdict(facts)

    def variant_path(self, key: str, kind: str) -> Path:
        return variant_file(self.variants, key, kind)

    def save(self, keep_shas: set[str]) -> None:
        """Write this run's index, forgetting photos no profile lists any more; a whole run's index
        replaces the shards' indexes it read."""
        sources = {p: entry for p, entry in self._sources.items() if entry[2] in keep_shas}
        facts = {sha: entry for sha, entry in self._facts.items() if sha in keep_shas}
        data = {"version": PIPELINE_VERSION, "sources": sources, "photos": facts}
        write_atomic(self._index_path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        if self._index_path.name == "index.json":
            for path in self._shard_indexes:
                path.unlink(missing_ok=True)

    def prune(self, keep: set[Path]) -> int:
        """Remove variant files not in `keep` (and temporary leftovers); returns how many."""
        removed = 0
        for path in self.variants.iterdir():
            if path not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
