"""Fixed costs of a command: `brandsite gallery` on a full cache loads no library it does not use.

A teacher adding today's photos waits for start-up more than for rendering; jieba's dictionary and
pypinyin are needed only to spell Chinese names in ASCII, WeasyPrint only for the brochure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kit import images
from kit.cli import env, run_brandsite
from kit.profiles import photo, profile, write_brand

# `brandsite gallery` in a fresh interpreter, then what it loaded of the slow libraries. The jieba module
# (with pkg_resources, 0.2 s) would come with Material's search plugin, which the gallery leaves out;
# its dictionary (0.6 s to load) is what a name in Chinese needs.
_PROBE = """import gc, sys
from brandsite import cli
code = cli.main(["gallery"])
loaded = [name for name in ("jieba", "pypinyin", "weasyprint") if name in sys.modules]
jieba = sys.modules.get("jieba")
if jieba and any(isinstance(o, jieba.Tokenizer) and o.initialized for o in gc.get_objects()):
    loaded.append("jieba dictionary")
print(",".join(loaded))
sys.exit(code)
"""


def loaded_by_gallery(project: Path) -> set[str]:
    """What a second `brandsite gallery` (every photo already in the cache) loads of the slow libraries."""
    first = run_brandsite(project, "gallery")
    assert first.returncode == 0, first.stderr
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=project, env=env(), capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    assert "取自缓存 1 张" in done.stdout  # the cache was full: nothing was rendered
    return set(filter(None, done.stdout.split("\n")[-2].split(",")))


@pytest.mark.parametrize(("file", "needed"), [
    ("photos/IMG_2041.jpg", set()),
    ("photos/升旗仪式.jpg", {"jieba", "jieba dictionary", "pypinyin"}),  # its URL name is spelled in pinyin, word by word
])
def test_gallery_loads_only_what_the_photo_names_need(project: Path, file: str, needed: set[str]) -> None:
    write_brand(project, "hongzhu", profile(gallery=[photo(file, "升旗仪式")]),
                {file: images.scene((320, 240), seed=1)})
    assert loaded_by_gallery(project) == needed
