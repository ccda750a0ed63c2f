"""Rebuild the benchmark's set of public camera photos (benchmarks/photos.tsv) in a folder outside the
repository: ../bench-photos beside the checkout unless a folder is named. Never commit the photos.

Each row names a file in a public GitHub repository at a fixed commit and its sha256; every file is
checked against it, and one already in the folder with the right hash is kept. By default the files
come from raw.githubusercontent.com; `--git owner/name=DIR` reads that repository from a local clone
instead (`git cat-file` at the row's commit), for a machine without the network:

    .venv/bin/python benchmarks/fetch_photos.py
    .venv/bin/python benchmarks/fetch_photos.py /tmp/photos --git drewnoakes/metadata-extractor-images=~/src/mei
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

LIST = Path(__file__).with_name("photos.tsv")
DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "bench-photos"


@dataclass(frozen=True)
class Row:
    file: str
    repo: str
    commit: str
    path: str
    sha256: str
    pixels: str
    camera: str
    licence: str


def rows(listing: Path = LIST) -> list[Row]:
    """The list's photos; a file name is a plain name (it becomes a path in the folder) and its stem
    is the list's only one (the bench names outputs after it)."""
    with listing.open(encoding="utf-8") as stream:
        lines = csv.reader((line for line in stream if not line.startswith("#")), delimiter="\t")
        next(lines)
        found = []
        for file, source, sha256, pixels, camera, licence in lines:
            repo, rest = source.removeprefix("github:").split("@", 1)
            commit, path = rest.split(":", 1)
            if Path(file).name != file or file.startswith("."):
                raise ValueError(f"{listing.name}: not a plain file name: {file!r}")
            found.append(Row(file, repo, commit, path, sha256, pixels, camera, licence))
        stems = [Path(row.file).stem for row in found]
        if len(set(stems)) != len(stems):
            raise ValueError(f"{listing.name}: two files with one name before the extension")
        return found


def download(row: Row) -> bytes:
    url = f"https://raw.githubusercontent.com/{row.repo}/{row.commit}/{urllib.parse.quote(row.path)}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def from_clone(row: Row, clone: Path) -> bytes:
    return subprocess.run(["git", "-C", str(clone), "cat-file", "blob", f"{row.commit}:{row.path}"],
                          check=True, capture_output=True).stdout


def fetch(folder: Path, clones: dict[str, Path], listing: Path = LIST) -> tuple[int, int]:
    """Fill `folder` with the photos of `listing`; (files written, files already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = kept = 0
    for row in rows(listing):
        target = folder / row.file
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == row.sha256:
            kept += 1
            continue
        data = from_clone(row, clones[row.repo]) if row.repo in clones else download(row)
        if hashlib.sha256(data).hexdigest() != row.sha256:
            raise SystemExit(f"{row.file}: sha256 differs from {listing.name} ({row.repo}@{row.commit}:{row.path})")
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.replace(target)
        written += 1
    return written, kept


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--git", action="append", default=[], metavar="OWNER/NAME=DIR",
                        help="read that repository from a local clone instead of downloading")
    args = parser.parse_args(argv)
    clones = {repo: Path(clone).expanduser() for repo, clone in (item.split("=", 1) for item in args.git)}
    written, kept = fetch(args.folder, clones)
    print(f"{args.folder}: {written} written, {kept} already there ({written + kept} photos)", file=sys.stderr)


if __name__ == "__main__":
    main()
