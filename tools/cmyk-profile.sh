#!/usr/bin/env bash
# Make the CMYK profile `brandsite brochure --print-shop --cmyk` converts photos with, once per machine:
# FOGRA39 (offset on coated paper, ISO 12647-2), built by ArgyllCMS's colprof from the FOGRA39L
# characterisation data that Debian's icc-profiles-free ships (about half a minute).
# Black generation "r" (GCR for neutral greys) and at most 300 % total ink, as coated-paper presses ask.
set -euo pipefail
target="$1"  # where brochure/cmyk.py looks: tools/system-deps.sh passes it
data=/usr/share/color/icc/FOGRA39L.ti3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$data" "$work/FOGRA39L.ti3"
echo "正在生成印刷用 CMYK 色彩特性文件（FOGRA39，只需一次，约半分钟）"
colprof -qm -kr -l300 -D "FOGRA39L coated 300% (Argyll colprof)" \
        -C "Made from FOGRA39L characterisation data (Fogra); icc-profiles-free" "$work/FOGRA39L" >/dev/null
mkdir -p "$(dirname "$target")"
mv "$work/FOGRA39L.icc" "$target"
