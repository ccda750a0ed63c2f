#!/usr/bin/env bash
# Gitee Go glue for .workflow/*.yml (README “在 Gitee 上使用”); never prints a token or a key.
#   setup            system packages and the Python environment (Debian/Ubuntu: tools/system-deps.sh;
#                    Gitee's CentOS-based builders: dnf/yum), then make .venv/.installed
#   comment FILE     post FILE (the review summary) as the Pull Request's comment, updating the earlier one;
#                    needs the global parameters BRANDSITE_GITEE_TOKEN and BRANDSITE_GITEE_REPO
#   deploy           brandsite deploy to BRANDSITE_DEPLOY_TARGET with the key in BRANDSITE_DEPLOY_KEY
set -euo pipefail
cd "$(dirname "$0")/.."
HEADING="## 品牌档案审阅（brandsite review）"  # the summary's first line: how the earlier comment is found

setup() {
  if command -v apt-get >/dev/null 2>&1; then
    tools/system-deps.sh
  else
    manager=$(command -v dnf || command -v yum)
    "$manager" install -y -q pango google-noto-sans-cjk-ttc-fonts google-noto-serif-cjk-ttc-fonts git make >/dev/null
  fi
  make --no-print-directory .venv/.installed
}

comment() {
  local summary="$1" api="${GITEE_API_URL:-https://gitee.com/api/v5}"
  if [ -z "${BRANDSITE_GITEE_TOKEN:-}" ] || [ -z "${BRANDSITE_GITEE_REPO:-}" ]; then
    echo "未设置 BRANDSITE_GITEE_TOKEN 或 BRANDSITE_GITEE_REPO（Gitee Go 全局参数），审阅摘要没有贴到 Pull Request；摘要在本次构建的制品 review-summary.md 里。"
    return 0
  fi
  if ! [[ "$BRANDSITE_GITEE_REPO" =~ ^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$ && "${GITEE_PULL_ID:-}" =~ ^[0-9]+$ ]]; then
    echo "BRANDSITE_GITEE_REPO 应写成“空间地址/仓库地址”（如 shiyan-xiaoxue/dangjian），且只在 Pull Request 的流水线里贴评论；没有贴。"
    return 0
  fi
  [ -s "$summary" ] || { echo "没有审阅摘要（$summary），没有贴评论。"; return 0; }
  local repo="$api/repos/$BRANDSITE_GITEE_REPO/pulls" id method url
  id=$(curl --silent --fail --get --data-urlencode "access_token=$BRANDSITE_GITEE_TOKEN" --data "per_page=100" \
         "$repo/$GITEE_PULL_ID/comments" \
       | HEADING="$HEADING" python3 -c 'import json, os, sys
print(next((c["id"] for c in json.load(sys.stdin) if c.get("body", "").startswith(os.environ["HEADING"])), ""))')
  if [ -n "$id" ]; then method=PATCH; url="$repo/comments/$id"; else method=POST; url="$repo/$GITEE_PULL_ID/comments"; fi
  curl --silent --fail --output /dev/null --request "$method" --data-urlencode "access_token=$BRANDSITE_GITEE_TOKEN" \
       --data-urlencode "body@$summary" "$url" && echo "审阅摘要已贴到 Pull Request。"
}

deploy() {
  if [ -z "${BRANDSITE_DEPLOY_TARGET:-}" ] || [ -z "${BRANDSITE_DEPLOY_KEY:-}" ]; then
    echo "未设置 BRANDSITE_DEPLOY_TARGET 或 BRANDSITE_DEPLOY_KEY，网站只留在本次构建的制品里，没有上传。"
    return 0
  fi
  local key
  key=$(mktemp)
  trap 'rm -f "$key"' RETURN
  printf '%s\n' "$BRANDSITE_DEPLOY_KEY" > "$key"
  .venv/bin/brandsite deploy --to "$BRANDSITE_DEPLOY_TARGET" -i "$key" -o StrictHostKeyChecking=accept-new
}

case "${1:-}" in
  setup) setup ;;
  comment) comment "${2:-review-summary.md}" ;;
  deploy) deploy ;;
  *) echo "用法：tools/gitee-go.sh setup | comment 摘要文件 | deploy" >&2; exit 2 ;;
esac
