#!/usr/bin/env bash
# Put Pagefind 1.6.0's extended binary (segments Chinese) into the virtualenv's bin folder, here .venv/bin,
# only when that version is not there yet. PyPI's pagefind_bin_extended stops at 1.5.2, whose search
# takes seconds for a word on thousands of pages; 1.6.0 is published as the npm package
# @pagefind/linux-<arch>, fetched with npm (tools/system-deps.sh installs it) and checked against the
# sha256 pinned below before anything is unpacked.
set -euo pipefail
VERSION=1.6.0
bin="${1:-.venv/bin}"
target="$bin/pagefind_extended"
[ -x "$target" ] && [ "$("$target" --version 2>/dev/null)" = "pagefind $VERSION" ] && exit 0
case "$(uname -m)" in
  x86_64) arch=x64; sum=148fd94a099d6a3dcb137c92186cc193ea3c7eb97888d83ed58dd0956b2d1c2a ;;
  aarch64 | arm64) arch=arm64; sum=226b97e7d622bc044f55d0c2cb4c3e77c499e1f5c4ce1b09c52d3cf711fb025a ;;
  *) echo "提示: 这台机器（$(uname -m)）没有 Pagefind $VERSION 的程序，搜索索引由 Pagefind 1.5.2 生成（大站点搜索较慢）" >&2; exit 0 ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# npm unreachable (offline, a blocked registry): the site still builds, with PyPI's 1.5.2; a wrong sha256 stops here
if ! (cd "$work" && npm pack --silent "@pagefind/linux-$arch@$VERSION" >/dev/null 2>&1); then
  echo "提示: 没能用 npm 下载 Pagefind $VERSION，搜索索引由 Pagefind 1.5.2 生成（大站点搜索较慢）；联网后再运行 make 即可" >&2
  exit 0
fi
tarball="$work/pagefind-linux-$arch-$VERSION.tgz"
if ! echo "$sum  $tarball" | sha256sum --check --quiet >/dev/null 2>&1; then
  echo "tools/pagefind.sh: 错误: npm 给的 @pagefind/linux-$arch@$VERSION 与脚本里写定的 sha256 不符，没有安装 — 请检查 npm 的源（npm config get registry）后重新运行 make" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/bin/pagefind_extended
install -m 755 "$work/package/bin/pagefind_extended" "$target.new"
mv "$target.new" "$target"
