"""GitLab: ``brandsite review --format gitlab`` (a Code Quality report) and ``.gitlab-ci.yml``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import jsonschema
import pytest
import yaml

from sitebuild import ROOT
from test_review import broken, expected, run_cli  # noqa: F401  (broken is a fixture)

# GitLab's own schema for one Code Quality issue, as its parser validates each one
# (gitlabhq/gitlabhq app/validators/json_schemas/codeclimate.json, commit 33827e3a).
GITLAB_CODECLIMATE = {
    "description": "Codequality used by codeclimate parser",
    "type": "object",
    "required": ["description", "fingerprint", "severity", "location"],
    "properties": {
        "description": {"type": "string"},
        "fingerprint": {"type": "string"},
        "severity": {"type": "string"},
        "location": {
            "type": "object",
            "properties": {
                "path": {"type": "string"},
                "lines": {"type": "object", "properties": {"begin": {"type": "integer"}}},
                "positions": {"type": "object",
                              "properties": {"begin": {"type": "object",
                                                       "properties": {"line": {"type": "integer"}}}}},
            },
        },
    },
    "additionalProperties": True,
}

# What GitLab's documentation (doc/ci/testing/code_quality.md, "Implement a custom tool") adds:
# check_name, a severity from its list, location.path and location.lines.begin are required too.
DOCUMENTED = {
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
        "check_name": {"type": "string", "minLength": 1},
        "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
        "location": {"type": "object", "required": ["path", "lines"],
                     "properties": {"lines": {"type": "object", "required": ["begin"],
                                              "properties": {"begin": {"type": "integer", "minimum": 1}}}}},
    },
}


def gitlab_report(capsys, project: Path) -> tuple[int, list[dict]]:
    code, out = run_cli(capsys, project, "--format", "gitlab")
    return code, json.loads(out)


def test_report_is_valid_for_gitlab(broken, capsys):
    code, issues = gitlab_report(capsys, broken)
    assert code == 1
    assert isinstance(issues, list) and issues
    for issue in issues:
        jsonschema.validate(issue, GITLAB_CODECLIMATE)
        jsonschema.validate(issue, DOCUMENTED)
    # every finding once, a finding about a whole file on its first line
    assert {(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in issues} == {
        (path, line or 1, rule) for path, line, rule in expected()}


def test_issue_reads_as_the_review_line(broken, capsys):
    _, issues = gitlab_report(capsys, broken)
    by_place = {(i["location"]["path"], i["check_name"]): i for i in issues}
    placeholder = by_place["brands/placeholder/index.md", "placeholder"]
    assert placeholder["description"] == "模板占位符“XX中学”没有替换 — 请写上真实的单位或地名"
    assert placeholder["severity"] == "major"
    assert placeholder["location"] == {"path": "brands/placeholder/index.md", "lines": {"begin": 9}}
    assert by_place["brands/photo-unlisted/index.md", "photo-unlisted"]["severity"] == "minor"
    assert by_place["brands/link-external/index.md", "link-external"]["severity"] == "info"


def test_fingerprints_are_unique_and_survive_moved_lines(broken, capsys):
    _, first = gitlab_report(capsys, broken)
    fingerprints = [i["fingerprint"] for i in first]
    assert len(set(fingerprints)) == len(fingerprints)
    assert all(re.fullmatch(r"[0-9a-f]{64}", f) for f in fingerprints)
    _, again = gitlab_report(capsys, broken)
    assert [i["fingerprint"] for i in again] == fingerprints

    # a new paragraph above the placeholder moves it two lines down: GitLab must see the same issue
    page = broken / "brands" / "placeholder" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## 品牌内涵\n", "## 品牌内涵\n\n新加的一段。\n"),
                    encoding="utf-8")
    _, moved = gitlab_report(capsys, broken)
    old = next(i for i in first if i["check_name"] == "placeholder")
    new = next(i for i in moved if i["check_name"] == "placeholder")
    assert new["location"]["lines"]["begin"] == old["location"]["lines"]["begin"] + 2
    assert new["fingerprint"] == old["fingerprint"]


def test_example_site_gives_an_empty_report(capsys):
    code, issues = gitlab_report(capsys, ROOT)
    assert code == 0
    assert [i for i in issues if i["severity"] == "major"] == []


# --- .gitlab-ci.yml ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pipeline() -> dict:
    return yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))


def jobs(pipeline: dict) -> dict[str, dict]:
    keywords = {"stages", "variables", "default", "workflow", "include", "image", "cache"}
    return {name: job for name, job in pipeline.items() if name not in keywords and not name.startswith(".")}


def script_text(job: dict) -> str:
    return "\n".join(job.get("before_script", []) + job["script"] + job.get("after_script", []))


def test_pipeline_structure(pipeline):
    stages = pipeline["stages"]
    for name, job in jobs(pipeline).items():
        assert job["stage"] in stages, name
        for part in ("before_script", "script", "after_script"):
            if part in job:
                assert isinstance(job[part], list) and all(isinstance(line, str) for line in job[part]), (name, part)
        for rule in job.get("rules", []):
            assert re.search(r'\$CI_PIPELINE_SOURCE == "merge_request_event"|\$CI_COMMIT_BRANCH == \$CI_DEFAULT_BRANCH',
                             rule["if"]), (name, rule)


def test_merge_requests_are_reviewed_with_the_code_quality_report(pipeline):
    review = jobs(pipeline)["review"]
    assert review["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert {**pipeline["variables"], **review.get("variables", {})}["GIT_DEPTH"] == 0
    report = review["artifacts"]["reports"]["codequality"]
    text = script_text(review)
    assert re.search(r'brandsite review --base "origin/\$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" '
                     rf'--format gitlab > {re.escape(report)}', text)
    assert review["artifacts"]["when"] == "always"
    assert "make site" in text and "site/" in review["artifacts"]["paths"]


def test_merge_request_note_never_shows_the_token(pipeline):
    text = script_text(jobs(pipeline)["review"])
    assert "--format markdown" in text and "merge_requests/$CI_MERGE_REQUEST_IID/notes" in text
    assert 'if [ -z "${BRANDSITE_GITLAB_TOKEN:-}" ]' in text and "未设置 BRANDSITE_GITLAB_TOKEN" in text
    assert "PRIVATE-TOKEN: $BRANDSITE_GITLAB_TOKEN" in text and "--data-urlencode" in text
    assert not re.search(r"(echo|printf|cat)[^\n]*\$\{?BRANDSITE_GITLAB_TOKEN", text)


def test_default_branch_publishes_gitlab_pages(pipeline):
    pages = jobs(pipeline)["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    text = script_text(pages)
    assert "brandsite review" in text and "make site" in text and "cp -r site public" in text
    assert pages["artifacts"]["paths"] == ["public"]


def post_note(tmp_path: Path, pipeline: dict, **env: str) -> subprocess.CompletedProcess:
    """The review job's after_script, run by bash in a folder holding a summary."""
    (tmp_path / "review-summary.md").write_text("## 审阅结果\n100% 完成 & a+b\n", encoding="utf-8")
    script = "\n".join(jobs(pipeline)["review"]["after_script"])
    return subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], **env})


def test_note_is_skipped_with_a_clear_line_without_a_token(tmp_path, pipeline):
    done = post_note(tmp_path, pipeline)
    assert done.returncode == 0
    assert done.stdout == ("未设置 BRANDSITE_GITLAB_TOKEN（项目访问令牌），审阅摘要没有贴到合并请求；"
                           "摘要在本作业的产物 review-summary.md 里。\n")


def test_note_updates_the_earlier_summary(tmp_path, pipeline):
    sent = []

    class Api(BaseHTTPRequestHandler):
        def do_GET(self):
            self._reply([{"id": 3, "body": "别人的评论"}, {"id": 9, "body": "<!-- brandsite-review -->\n旧摘要"}])

        def do_PUT(self):
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            sent.append((self.path, self.headers["PRIVATE-TOKEN"], form["body"][0]))
            self._reply({})

        def _reply(self, data) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(json.dumps(data).encode())

        def log_message(self, *args) -> None:  # keep the test output clean
            return None

    with HTTPServer(("127.0.0.1", 0), Api) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        done = post_note(tmp_path, pipeline, BRANDSITE_GITLAB_TOKEN="glpat-secret", CI_PROJECT_ID="7",
                         CI_API_V4_URL=f"http://127.0.0.1:{server.server_port}/api/v4", CI_MERGE_REQUEST_IID="2")
        server.shutdown()
    assert done.stdout == "审阅摘要已贴到合并请求。\n" and "glpat-secret" not in done.stdout + done.stderr
    assert sent == [("/api/v4/projects/7/merge_requests/2/notes/9", "glpat-secret",
                     "<!-- brandsite-review -->\n## 审阅结果\n100% 完成 & a+b\n")]
