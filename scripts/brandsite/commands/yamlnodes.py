"""Where a setting is written in mkdocs.yml, read from YAML nodes: no tag is constructed, so
``!!python/name:`` and ``!ENV`` stay text and nothing in the file runs."""

from __future__ import annotations

import yaml


def compose(text: str) -> yaml.Node | None:
    """The file's root node; None when it is empty or does not parse."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def walk(text: str, keys: tuple[str, ...]) -> list[tuple[yaml.Node | None, int]]:
    """The (value, 1-based line) of each of ``keys`` (``plugins → brandsite → gallery``) in turn, as far
    as mkdocs.yml has them."""
    found: list[tuple[yaml.Node | None, int]] = []
    node = compose(text)
    for key in keys:
        node, line = _child(node, key)
        if line is None:
            break
        found.append((node, line))
    return found


def key_line(text: str, keys: tuple[str, ...]) -> int | None:
    """1-based line of the deepest of ``keys`` that mkdocs.yml has."""
    found = walk(text, keys)
    return found[-1][1] if found else None


def _child(node: yaml.Node | None, key: str) -> tuple[yaml.Node | None, int | None]:
    """``key``'s value and 1-based line in a mapping, or in a list of one-key mappings and bare names
    (``plugins: [search, brandsite: {…}]``)."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and item.value == key:
                return None, item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode) and (found := _child(item, key))[1] is not None:
                return found
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value == key:
                return value, name.start_mark.line + 1
    return None, None
