"""The site's settings (mkdocs.yml) as the commands need them: one reader for all of them.

MkDocs reports a bad mkdocs.yml on its log, in English, and then stops with ``Abort`` (a
``SystemExit``) or, for YAML that does not parse, with ``ConfigurationError``. Here the log records
of that one call become Chinese findings on mkdocs.yml, at the line of the option, and a fatal
one stops the command with a ``FindingsError``.
"""

from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config import config_options, load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils.yaml import yaml_load

from ..config import BrandsiteConfig
from ..findings import Finding, FindingsError, Level, print_findings
from ..model import Brand
from ..profile.loader import load_brands
from .yamlnodes import key_line

PLUGIN = "brandsite"
_SEARCH = {"search", "material/search"}
_RECORD = re.compile(r"Config value '(?P<name>[^']+)': (?P<reason>.*)", re.DOTALL)
_PLUGIN_OPTION = re.compile(r"Plugin '(?P<plugin>[^']+)' option '(?P<option>[^']+)': (?P<reason>.*)")
_TYPES = {bool: "“true”或“false”", int: "整数", str: "文字"}


@dataclass
class Project:
    """What gallery and brochure start from: the folder of mkdocs.yml, its settings and every brand."""

    root: Path
    config: MkDocsConfig
    settings: BrandsiteConfig
    brands: list[Brand]
    findings: list[Finding]


def load_project(config_file: Path) -> Project:
    """mkdocs.yml, then the brands in its ``brands_dir`` with what is wrong with them.

    Without Material's search plugin: the gallery and the brochure need none of it, and loading it
    imports jieba (with pkg_resources, a third of `brandsite gallery`'s start-up on a full cache)."""
    config, settings = load_site(config_file, plugins=plugins_but_search(config_file))
    root = config_file.resolve().parent
    brands, findings = load_brands(root / settings.brands_dir, root)
    return Project(root, config, settings, brands, findings)


def load_site(config_file: Path, **overrides) -> tuple[MkDocsConfig, BrandsiteConfig]:
    """mkdocs.yml and the brandsite plugin's options (defaults when the plugin is not listed).

    Warnings (a misspelt option) are printed; errors raise FindingsError."""
    config, options, findings = check_site(config_file, **overrides)
    print_findings(findings)
    return config, options


def check_site(config_file: Path, **overrides) -> tuple[MkDocsConfig, BrandsiteConfig, list[Finding]]:
    """`load_site` with its warnings returned, not printed."""
    where = config_file.as_posix()
    if not config_file.is_file():
        raise FindingsError([Finding(where, None, Level.ERROR, "找不到网站设置文件",
                                     "请在项目文件夹（有 mkdocs.yml 的地方）里运行，或用 --config-file 指明设置文件")])
    records = _Records(logging.getLogger("mkdocs.config"))
    try:
        config = load_config(str(config_file), **overrides)
    except OSError as error:
        raise FindingsError([Finding(where, None, Level.ERROR, f"设置文件读不出来（{error.strerror}）",
                                     "请检查文件的权限")]) from error
    except ConfigurationError as error:  # before validation: the file does not parse
        raise FindingsError([_unreadable(where, error)]) from error
    except Abort as error:  # validation failed, or warned under --strict
        findings = _findings(config_file, records.records)
        if not any(f.is_error for f in findings):
            findings.append(Finding(where, None, Level.ERROR, "设置有警告，按 --strict 不能继续", "请先改正上面的警告"))
        raise FindingsError(findings) from error
    finally:
        records.done()
    findings = _findings(config_file, records.records)
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None:
        return config, plugin.config, findings
    options = BrandsiteConfig()
    options.load_dict({})
    options.validate()
    return config, options, findings


def plugins_but_search(config_file: Path) -> list | dict | None:
    """mkdocs.yml's `plugins` without `search`; None (all of them, as written) when the file does not
    read, so that `load_config` reports why."""
    try:
        with config_file.open("rb") as stream:
            plugins = yaml_load(stream).get("plugins", [])
    except Exception:  # noqa: BLE001 — any failure here is load_config's to report, in its words
        return None
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name not in _SEARCH}
    if isinstance(plugins, list):
        return [p for p in plugins if not (isinstance(p, str) and p in _SEARCH or isinstance(p, dict) and _SEARCH & set(p))]
    return None


class _Records(logging.Handler):
    """The warnings and errors of one ``load_config``, kept from MkDocs' own English log output."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__(logging.WARNING)
        self.logger = logger
        self.records: list[logging.LogRecord] = []
        self.propagate = logger.propagate
        logger.addHandler(self)
        logger.propagate = False

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def done(self) -> None:
        self.logger.removeHandler(self)
        self.logger.propagate = self.propagate


def _unreadable(where: str, error: ConfigurationError) -> Finding:
    yaml_error = error.__context__  # MkDocs re-raises PyYAML's error without keeping it as an attribute
    if isinstance(yaml_error, yaml.MarkedYAMLError) and yaml_error.problem_mark is not None:
        return Finding(where, yaml_error.problem_mark.line + 1, Level.ERROR, "这一行的写法不对，设置读不出来",
                       "请检查冒号、缩进（只用空格）和括号、引号是否成对")
    if isinstance(yaml_error, yaml.YAMLError):  # not UTF-8, or a character YAML refuses
        return Finding(where, None, Level.ERROR, "设置文件读不出来：不是 UTF-8 文本，或含有不允许的字符",
                       "请用 UTF-8 编码保存")
    return Finding(where, None, Level.ERROR, f"设置文件读不出来：{error}", "请改正后再运行")


def _findings(config_file: Path, records: list[logging.LogRecord]) -> list[Finding]:
    """MkDocs' records ``Config value 'plugins': Plugin 'brandsite' option 'gallery': …`` as findings."""
    text = config_file.read_text(encoding="utf-8", errors="replace")
    findings = []
    for record in records:
        level = Level.ERROR if record.levelno >= logging.ERROR else Level.WARNING
        found = _RECORD.fullmatch(record.getMessage())
        if found is None:
            findings.append(Finding(config_file.as_posix(), None, level, record.getMessage()))
            continue
        for reason in found["reason"].splitlines():  # MkDocs joins a plugin's errors with newlines
            findings.append(_finding(config_file.as_posix(), text, level, found["name"], reason))
    return findings


def _finding(where: str, text: str, level: Level, name: str, reason: str) -> Finding:
    option = _PLUGIN_OPTION.fullmatch(reason)
    if option is None:
        return Finding(where, key_line(text, (name,)), level, f"设置 {name} 不对：{reason}",
                       "请对照 MkDocs 的说明改正")
    line = key_line(text, (name, option["plugin"], option["option"]))
    if option["plugin"] != PLUGIN:
        return Finding(where, line, level, f"{option['plugin']} 插件的选项 {option['option']} 不对：{option['reason']}",
                       "请对照这个插件的说明改正")
    return _brandsite_option(where, line, level, option["option"])


def _brandsite_option(where: str, line: int | None, level: Level, name: str) -> Finding:
    schema = dict(BrandsiteConfig._schema)
    if name not in schema:
        close = difflib.get_close_matches(name, schema, n=1)
        hint = f"是不是 {close[0]}？" if close else f"可用的选项：{'、'.join(schema)}"
        return Finding(where, line, level, f"brandsite 插件没有选项 {name}，这一行不起作用", hint)
    option = schema[name]
    example = f"，如 {name}: {_yaml(option.default)}" if option.default is not None else ""
    return Finding(where, line, level, f"brandsite 插件的选项 {name} 应为{_expected(option)}",
                   f"请改正这一行{example}")


def _expected(option: config_options.BaseConfigOption) -> str:
    """What an option takes, in a teacher's words."""
    if isinstance(option, config_options.Optional):
        return _expected(option.option)
    if isinstance(option, config_options.ListOfItems):
        return f"列表，每一项是{_expected(option.option_type)}"
    if isinstance(option, config_options.Type):
        return _TYPES.get(option._type, str(option._type.__name__))
    return "README 里写的值"


def _yaml(value: object) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).removesuffix("\n...\n").strip()
