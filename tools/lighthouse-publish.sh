#!/usr/bin/env bash
# Lighthouse (mobile settings) on the home page and a brand page, with Debian's chromium.
# Optional: `make test` does not need it. Installs lighthouse from the npm registry into .cache/lighthouse.
# Usage: tools/lighthouse-publish.sh [SITE_DIR] [--plain]   → one line per page: scores and transferred bytes
set -euo pipefail
site=${1:-site}
mode=${2:-}
version=12.8.2
dir=.cache/lighthouse
[ -x "$dir/node_modules/.bin/lighthouse" ] || npm install --prefix "$dir" --no-audit --no-fund --silent "lighthouse@$version"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 tools/serve-gzip.py "$site" "$port" $mode &
server=$!
trap 'kill $server' EXIT
sleep 1
for page in index.html brands/wuse-xingdong/index.html; do
  out=$(mktemp --suffix=.json)
  CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$dir/node_modules/.bin/lighthouse" "http://127.0.0.1:$port/$page" \
    --quiet --output=json --output-path="$out" --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
  node -e '
    const r = require(process.argv[1]); const c = r.categories; const a = r.audits;
    const s = k => Math.round(c[k].score * 100);
    console.log(`${process.argv[2]}: performance ${s("performance")}, accessibility ${s("accessibility")}, best practices ${s("best-practices")}, SEO ${s("seo")}; ` +
      `${a["total-byte-weight"].numericValue} bytes; FCP ${a["first-contentful-paint"].displayValue}, LCP ${a["largest-contentful-paint"].displayValue}, CLS ${a["cumulative-layout-shift"].displayValue}`);
    for (const [k, cat] of Object.entries(c)) for (const ref of cat.auditRefs) {
      const x = a[ref.id]; if (ref.weight > 0 && x.score !== null && x.score < 0.9) console.log(`  ${k}: ${ref.id} ${x.displayValue || x.score}`);
    }' "$out" "$page"
  rm -f "$out"
done
