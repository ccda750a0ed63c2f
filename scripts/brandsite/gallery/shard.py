"""``brandsite gallery --shard K/N``: one CI job's share of the brands, the same share on every run.

A brand belongs to shard ``sha256(slug) mod N``: stable across runs, machines and Python versions
(``hash()`` is salted per process), independent of which other brands exist, so adding a brand moves
no other brand's photos to another job. With many brands the shares come out about equal.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_WRITTEN = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")
MAX_SHARDS = 256


@dataclass(frozen=True)
class Shard:
    number: int  # 1 … count, as CI matrices and GitLab's CI_NODE_INDEX count
    count: int

    def takes(self, slug: str) -> bool:
        """Whether this shard renders the photos of the brand in folder ``slug``."""
        return int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big") % self.count == self.number - 1

    @property
    def name(self) -> str:
        """``2-of-4``: names this shard's files in a shared cache folder."""
        return f"{self.number}-of-{self.count}"


def parse_shard(text: str) -> Shard:
    """``"2/4"`` → ``Shard(2, 4)``; ValueError saying in Chinese what is wrong."""
    written = _WRITTEN.fullmatch(text)
    if not written:
        raise ValueError(f"应写成“第几份/共几份”，如 2/4，不能是 {text}")
    number, count = int(written[1]), int(written[2])
    if not 1 <= count <= MAX_SHARDS:
        raise ValueError(f"共几份应在 1 到 {MAX_SHARDS} 之间，不能是 {count}")
    if not 1 <= number <= count:
        raise ValueError(f"第几份应在 1 到 {count} 之间，不能是 {number}")
    return Shard(number, count)
