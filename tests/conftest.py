import shutil
from pathlib import Path

import pytest

from sitebuild import ROOT, build_site, copy_project

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> "Built":
    """The example site, built once per test process exactly as `make site` builds it."""
    project = copy_project(tmp_path_factory.mktemp("example") / "project")
    return build_site(project, strict=True)


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project with an empty brands/ folder for a test's own profiles."""
    return copy_project(tmp_path / "project", brands=False)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots and rendered pages kept for a person to look at (test-artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def write_brand(project: Path, slug: str, text: str | bytes, photos: dict[str, bytes] | None = None) -> Path:
    folder = project / "brands" / slug
    (folder / "photos").mkdir(parents=True, exist_ok=True)
    index = folder / "index.md"
    index.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    for name, data in (photos or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return index


def require_corpus(part: str) -> Path:
    path = ROOT.parent / "shared" / "corpus" / part
    if not path.is_dir():
        pytest.skip(f"../shared/corpus/{part} 不存在：这些用例读取共享测试语料，CI 上总有它")
    return path
