from pathlib import Path

import pytest

from kit.browser import launch
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


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium, one per test module (skips when it is not installed)."""
    with launch() as browser:
        yield browser


def require_corpus(part: str) -> Path:
    path = ROOT.parent / "shared" / "corpus" / part
    if not path.is_dir():
        pytest.skip(f"../shared/corpus/{part} 不存在：这些用例读取共享测试语料，CI 上总有它")
    return path
