"""Gitee: the Gitee Go pipelines (.workflow/*.yml), the review summary as a Pull Request comment, and
tools/gitee-go.sh posting it through Gitee's API v5 (a local stand-in server here)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from sitebuild import ROOT
from test_security_print import photo_pr, photo_rows, run_brandsite  # noqa: F401  (photo_pr is a fixture)

PIPELINES = {"pr": ROOT / ".workflow" / "brandsite-pr.yml", "master": ROOT / ".workflow" / "brandsite-master.yml"}
HEADING = "## 品牌档案审阅（brandsite review）"


@pytest.fixture(scope="module")
def pipelines() -> dict[str, dict]:
    return {name: yaml.safe_load(path.read_text(encoding="utf-8")) for name, path in PIPELINES.items()}


def steps(pipeline: dict) -> list[dict]:
    return [step for stage in pipeline["stages"] for step in stage["steps"]]


def commands(pipeline: dict) -> list[str]:
    return [command for step in steps(pipeline) for command in step["commands"]]


@pytest.mark.parametrize("name", PIPELINES)
def test_pipeline_has_gitee_go_shape(pipelines, name):
    """The keys and value types of Gitee Go's YAML (help article 4292 and the build@python plugin page);
    Gitee Go is case sensitive, so every key is spelled exactly."""
    pipeline = pipelines[name]
    assert set(pipeline) == {"version", "name", "displayName", "triggers", "stages"}
    assert pipeline["version"] == "1.0" and re.fullmatch(r"[a-z][a-z0-9-]*", pipeline["name"])
    assert pipeline["triggers"]["trigger"] == "auto"
    names = []
    for stage in pipeline["stages"]:
        assert set(stage) == {"name", "displayName", "strategy", "trigger", "executor", "steps"}
        assert stage["strategy"] == "naturally" and stage["trigger"] == "auto"
        for step in stage["steps"]:
            assert set(step) == {"step", "name", "displayName", "pythonVersion", "commands", "artifacts", "caches",
                                 "notify", "strategy"}
            assert step["step"] == "build@python" and step["pythonVersion"] == "3.11"  # pyproject: >=3.11,<3.12
            assert all(isinstance(command, str) for command in step["commands"])
            for artifact in step["artifacts"]:
                assert artifact["name"] == "BUILD_ARTIFACT" and "./site" in artifact["path"]
            names.append(step["name"])
    assert len(set(names)) == len(names) and all(re.fullmatch(r"[a-z_]+", n) for n in names)


def test_pull_requests_are_reviewed_and_built_strictly(pipelines):
    pipeline = pipelines["pr"]
    assert pipeline["triggers"]["pr"] == {"branches": {"precise": ["master"]}}
    text = "\n".join(commands(pipeline))
    assert 'brandsite review --base "origin/${GITEE_BRANCH}" || status=1' in text
    assert "brandsite build --strict" in text and text.rstrip().endswith("exit $status")
    assert "./review-summary.md" in steps(pipeline)[0]["artifacts"][0]["path"]


def test_master_reviews_everything_before_it_builds_and_publishes(pipelines):
    pipeline = pipelines["master"]
    assert pipeline["triggers"]["push"] == {"branches": {"precise": ["master"]}}
    run = commands(pipeline)
    assert run.index(".venv/bin/brandsite review") < run.index(".venv/bin/brandsite build --strict") \
        < run.index("bash tools/gitee-go.sh deploy")


def summary_command(pipelines) -> list[str]:
    """The pipeline's `brandsite review … --format markdown …` arguments, Gitee Go's variables filled in."""
    line = next(c for c in commands(pipelines["pr"]) if "--format markdown" in c)
    words = shlex.split(line.split(">")[0])
    variables = {"GITEE_BRANCH": "main", "BRANDSITE_GITEE_REPO": "shiyan-xiaoxue/dangjian", "GITEE_SOURCE_COMMIT": "abc123"}
    words = [re.sub(r"\$\{(\w+)\}", lambda m: variables[m[1]], word) for word in words]
    assert words[:2] == [".venv/bin/brandsite", "review"]
    return [("main" if w == "origin/main" else w) for w in words[1:]]  # the test repository has no remote


def test_summary_for_a_gitee_comment_has_no_inline_images(photo_pr, pipelines):
    """Gitee's comment Markdown does not show `data:` images (its sanitiser drops them), and a raw link
    to an original would publish EXIF and GPS: the comment says where to look instead."""
    done = run_brandsite(photo_pr, *summary_command(pipelines))
    markdown = done.stdout
    assert done.stdout, done.stderr
    assert markdown.startswith(HEADING + "\n")
    assert "data:" not in markdown and "gitee.com" not in markdown
    assert not re.search(r"<[a-zA-Z/!]", markdown)  # no raw HTML at all: nothing for a sanitiser to drop
    rows = photo_rows(markdown)
    for name in ("consented.jpg", "profiled.jpg", "sideways.jpg"):
        assert rows[name] == "（评论里不放照片，请在网站预览里查看）", rows[name]
    for table in re.findall(r"(?:^\|.*\n)+", markdown, re.MULTILINE):  # every row as wide as its header
        assert len({len(re.split(r"(?<!\\)\|", row)) for row in table.splitlines()}) == 1, table


def comment(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    summary = tmp_path / "review-summary.md"
    summary.write_text(f"{HEADING}\n\n结果：0 处错误 & 100% 完成\n", encoding="utf-8")
    return subprocess.run(["bash", str(ROOT / "tools" / "gitee-go.sh"), "comment", str(summary)], cwd=tmp_path,
                          capture_output=True, text=True, env={"PATH": os.environ["PATH"], **env})


def test_comment_is_skipped_with_a_clear_line_without_the_parameters(tmp_path):
    done = comment(tmp_path, BRANDSITE_GITEE_REPO="shiyan-xiaoxue/dangjian", GITEE_PULL_ID="4")
    assert done.returncode == 0
    assert done.stdout.startswith("未设置 BRANDSITE_GITEE_TOKEN 或 BRANDSITE_GITEE_REPO（Gitee Go 全局参数）")


def test_comment_refuses_a_repository_that_is_not_owner_slash_name(tmp_path):
    done = comment(tmp_path, BRANDSITE_GITEE_TOKEN="secret", BRANDSITE_GITEE_REPO="../../user", GITEE_PULL_ID="4")
    assert done.returncode == 0 and "没有贴" in done.stdout and "secret" not in done.stdout + done.stderr


@pytest.mark.parametrize("earlier", [True, False])
def test_comment_updates_the_earlier_summary_or_posts_one(tmp_path, earlier):
    sent = []

    class Api(BaseHTTPRequestHandler):
        def do_GET(self):
            query = parse_qs(urlsplit(self.path).query)
            sent.append(("GET", urlsplit(self.path).path, query["access_token"][0], None))
            old = [{"id": 9, "body": f"{HEADING}\n\n旧摘要"}] if earlier else []
            self._reply([{"id": 3, "body": "别人的评论：## 品牌档案审阅"}, *old])

        def do_POST(self):
            self._record("POST")

        def do_PATCH(self):
            self._record("PATCH")

        def _record(self, method: str) -> None:
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            sent.append((method, self.path, form["access_token"][0], form["body"][0]))
            self._reply({})

        def _reply(self, data) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(json.dumps(data).encode())

        def log_message(self, *args) -> None:
            return None

    with HTTPServer(("127.0.0.1", 0), Api) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        done = comment(tmp_path, BRANDSITE_GITEE_TOKEN="gitee-secret", BRANDSITE_GITEE_REPO="shiyan-xiaoxue/dangjian",
                       GITEE_PULL_ID="4", GITEE_API_URL=f"http://127.0.0.1:{server.server_port}/api/v5")
        server.shutdown()
    assert done.stdout == "审阅摘要已贴到 Pull Request。\n", done.stderr
    assert "gitee-secret" not in done.stdout + done.stderr
    pulls = "/api/v5/repos/shiyan-xiaoxue/dangjian/pulls"
    body = f"{HEADING}\n\n结果：0 处错误 & 100% 完成\n"
    assert sent == [("GET", f"{pulls}/4/comments", "gitee-secret", None),
                    ("PATCH", f"{pulls}/comments/9", "gitee-secret", body) if earlier else
                    ("POST", f"{pulls}/4/comments", "gitee-secret", body)]
