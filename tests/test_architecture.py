"""The core stays free of MkDocs: only the adapters may import mkdocs or material.

Material for MkDocs announces its end of life for 2027-05; the profile loader, gallery, web helpers,
brochure, review, publishing and authoring must survive a change of engine. This walks every import
statement (module level and inside functions) and every ``importlib.import_module("…")`` literal of
every module under scripts/brandsite/, follows the package's own imports, and fails when a core
module reaches mkdocs or material directly, through another core module, or through an adapter.

The plugin module is MkDocs' entry point and nothing else's: a command that imports it for a
constant loads the whole plugin (and MkDocs' structure modules) on every run.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from sitebuild import ROOT

PACKAGE = "brandsite"
ENGINES = ("mkdocs", "material")
# The adapters: the MkDocs plugin, its options and its navigation, the command line and its subcommands.
ADAPTERS = ("brandsite.plugin", "brandsite.config", "brandsite.nav", "brandsite.cli", "brandsite.commands")


def modules_of(scripts: Path) -> dict[str, Path]:
    """Every module of the package under ``scripts``: dotted name -> file."""
    found = {}
    for path in sorted((scripts / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(scripts).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def is_adapter(name: str) -> bool:
    return any(name == a or name.startswith(a + ".") for a in ADAPTERS)


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, int]]:
    """What ``module`` imports: (dotted name, line); a package's submodule when one is named."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, module, is_package)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in modules else base, node.lineno))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.args[0].value, node.lineno))
    return found


def engine_paths(scripts: Path) -> dict[str, list[str]]:
    """For each core module that reaches mkdocs or material: the chain of imports that does."""
    modules = modules_of(scripts)
    edges = {name: imports_of(name, path, modules) for name, path in modules.items()}

    def chain(name: str, seen: frozenset[str]) -> list[str] | None:
        for target, line in edges.get(name, []):
            where = f"{modules[name].relative_to(scripts.parent).as_posix()}:{line}"
            if target.split(".")[0] in ENGINES:
                return [f"{where} imports {target}"]
            if is_adapter(target):
                return [f"{where} imports the adapter {target}"]
            if target in modules and target not in seen:
                rest = chain(target, seen | {target})
                if rest:
                    return [f"{where} imports {target}", *rest]
        return None

    return {name: found for name in sorted(modules) if not is_adapter(name)
            for found in [chain(name, frozenset({name}))] if found}


def importers_of(target: str, scripts: Path) -> list[str]:
    """Where a module of the package other than ``target`` itself imports ``target``: "file:line"."""
    modules = modules_of(scripts)
    return [f"{path.relative_to(scripts.parent).as_posix()}:{line}"
            for name, path in modules.items() if name != target
            for imported, line in imports_of(name, path, modules) if imported == target or imported.startswith(target + ".")]


def mkdocs_entry_point() -> str:
    """The module pyproject.toml hands to MkDocs as the ``brandsite`` plugin."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["entry-points"]["mkdocs.plugins"]["brandsite"].split(":")[0]


def test_no_core_module_imports_mkdocs_or_material():
    reached = engine_paths(ROOT / "scripts")
    assert reached == {}, "核心模块不得导入 MkDocs/Material（只有 plugin、config、cli、commands/ 可以）：\n" + "\n".join(
        f"{name}: " + " → ".join(steps) for name, steps in reached.items())


def test_only_mkdocs_imports_the_plugin_module():
    plugin = mkdocs_entry_point()
    found = importers_of(plugin, ROOT / "scripts")
    assert found == [], f"{plugin} 只给 MkDocs 加载（pyproject.toml 的入口）；其他模块要的常量和函数放进核心模块：\n" + \
        "\n".join(f"{where} imports {plugin}" for where in found)


def test_the_adapters_are_where_the_engine_is_imported():
    """The walk is not vacuous: the plugin itself does reach MkDocs."""
    modules = modules_of(ROOT / "scripts")
    assert any(t.split(".")[0] == "mkdocs" for t, _ in imports_of("brandsite.plugin", modules["brandsite.plugin"], modules))


@pytest.mark.parametrize("how", ["direct", "transitive", "in a function", "through the adapter", "by name"])
def test_the_check_finds_each_way_in(tmp_path: Path, how: str):
    """A made-up package where one core module reaches MkDocs in each way the walk must see."""
    package = tmp_path / PACKAGE
    (package / "gallery").mkdir(parents=True)
    for name in ("__init__.py", "plugin.py", "gallery/__init__.py", "gallery/images.py", "model.py"):
        (package / name).write_text("", encoding="utf-8")
    (package / "plugin.py").write_text("from mkdocs.plugins import BasePlugin\n", encoding="utf-8")
    bad = {
        "direct": "from mkdocs.exceptions import PluginError\n",
        "transitive": "from ..model import x\n",
        "in a function": "def f():\n    import material\n",
        "through the adapter": "from ..plugin import BROCHURE\n",
        "by name": "import importlib\nimportlib.import_module('mkdocs.config')\n",
    }[how]
    (package / "gallery" / "images.py").write_text(bad, encoding="utf-8")
    if how == "transitive":
        (package / "model.py").write_text("import mkdocs.utils\n", encoding="utf-8")
    reached = engine_paths(tmp_path)
    assert "brandsite.gallery.images" in reached
    assert "brandsite/gallery/images.py:" in reached["brandsite.gallery.images"][0]


@pytest.mark.parametrize("line", ["from ..plugin import BROCHURE\n", "from .. import plugin\n",
                                  "def f():\n    from brandsite.plugin import BrandsitePlugin\n",
                                  "import importlib\nimportlib.import_module('brandsite.plugin')\n"])
def test_the_check_finds_a_command_importing_the_plugin(tmp_path: Path, line: str):
    package = tmp_path / PACKAGE
    (package / "commands").mkdir(parents=True)
    for name in ("__init__.py", "commands/__init__.py"):
        (package / name).write_text("", encoding="utf-8")
    (package / "plugin.py").write_text("from mkdocs.plugins import BasePlugin\n", encoding="utf-8")
    (package / "commands" / "brochure.py").write_text(line, encoding="utf-8")
    assert importers_of("brandsite.plugin", tmp_path) == [f"{tmp_path.name}/brandsite/commands/brochure.py:{line.count(chr(10))}"]
