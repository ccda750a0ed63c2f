"""Issue 11, findings 2, 3, 7, 8 and 9: `brandsite deploy` against a hostile or broken server folder,
a wrong target folder, an unknown host key and a connection that drops in the middle of an upload.

Each test deploys a small hand-made site (no MkDocs build) to the local OpenSSH server of
publishing.py, as a teacher would from the command line, and checks the server's folder afterwards.
"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest

from brandsite.publish import deploy
from kit.cli import Done, run_brandsite
from publishing import CuttingProxy, listed, sshd, sums  # noqa: F401  (sshd is a fixture)

PAGES = 13
FILM = 2_000_000  # bytes; far more than the proxy lets through before it cuts the connection


def make_site(site: Path, version: str, film: bool = False) -> dict[str, str]:
    """``PAGES`` pages (and a large media file) whose content depends on ``version``; their sums."""
    for number in range(PAGES):
        page = site / ("index.html" if number == 0 else f"page-{number:02d}/index.html")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<p>{version} 第 {number} 页</p>\n" * 40, encoding="utf-8")
    if film:
        (site / "zz-media").mkdir(exist_ok=True)
        (site / "zz-media" / "film.bin").write_bytes(random.Random(version).randbytes(FILM))
    return deploy.site_sums(site)


@pytest.fixture
def project(tmp_path) -> Path:
    make_site(tmp_path / "project" / "site", "v1")
    return tmp_path / "project"


def brandsite(project: Path, *args: str, timeout: float = 60, **env: str | None) -> Done:
    """``brandsite deploy ARGS`` in ``project``; no password unless the test gives one."""
    env.setdefault(deploy.PASSWORD_VARIABLE, None)
    return run_brandsite(project, "deploy", *args, timeout=timeout, **env)


def first_error(done: Done) -> str:
    """The one error line a teacher reads; never a traceback."""
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if "错误: " in line]
    assert lines, done.stdout + done.stderr
    return lines[0]


def write_manifest(remote: Path, content: bytes) -> None:
    remote.mkdir(parents=True, exist_ok=True)
    (remote / "index.html").write_text("旧首页", encoding="utf-8")
    (remote / deploy.MANIFEST).write_bytes(content)


# Finding 2: a manifest on the server names files outside the site folder.

HOSTILE_ENTRIES = ["../victim/keep.txt", "/srv/victim/keep.txt", "page-01/../../victim/keep.txt",
                   "./../victim/keep.txt", "..\\victim\\keep.txt", "page-01/\x00/../../victim/keep.txt",
                   "page-01\n  删除 index.html", "", "page-01//keep.txt", "page-01/."]


@pytest.mark.parametrize("entry", HOSTILE_ENTRIES)
def test_manifest_entries_that_could_leave_the_target_are_refused(entry):
    where = f"web@10.0.0.5:/var/www/{deploy.MANIFEST}"
    with pytest.raises(deploy.DeployError) as raised:
        deploy.parse_manifest(json.dumps({"index.html": "0" * 64, entry: "0" * 64}).encode(), where)
    assert str(raised.value).startswith(f"{where}: 错误: 清单里的 {json.dumps(entry, ensure_ascii=False)} 指向网站文件夹以外")
    assert "--force" in str(raised.value)


@pytest.mark.parametrize("entry", ["../victim/keep.txt", "{victim}/keep.txt", "linked/keep.txt"])
def test_sftp_never_deletes_outside_the_target_whatever_the_manifest_says(sshd, project, tmp_path, entry):
    www = tmp_path / "www"
    remote, victim = www / "dangjian", www / "victim"
    victim.mkdir(parents=True)
    (victim / "keep.txt").write_text("别的网站的文件", encoding="utf-8")
    entry = entry.format(victim=victim)
    write_manifest(remote, json.dumps({"index.html": "0" * 64, entry: "0" * 64}).encode())
    (remote / "linked").symlink_to(victim)  # a folder inside the target that leads out of it
    args = [*sshd.args(remote), "--method", "sftp"]

    for dry_run in (["--dry-run"], []):
        done = brandsite(project, *args, *dry_run)
        assert done.returncode == 1, done.stdout + done.stderr
        error = first_error(done)
        assert error.startswith(f"root@127.0.0.1:{remote}/{deploy.MANIFEST}: 错误: ")
        assert json.dumps(entry, ensure_ascii=False) in error and "--force" in error
        assert not listed(done.stdout, "删除")
        assert (victim / "keep.txt").read_text(encoding="utf-8") == "别的网站的文件"
        assert (remote / "index.html").read_text(encoding="utf-8") == "旧首页"

    forced = brandsite(project, *args, "--force")  # a rebuilt manifest; what the old one named is kept
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "别的网站的文件"
    assert json.loads((remote / deploy.MANIFEST).read_text(encoding="utf-8")) == deploy.site_sums(project / "site")


# Finding 7: a truncated or garbage manifest.

BROKEN_MANIFESTS = [b'{"index.html": "ab', b"", b"\xff\xfe\x00garbage", b"[]", b'{"index.html": 5}', b'"index.html"',
                    b"[" * 100_000, b"{}" + b" " * deploy.MANIFEST_LIMIT]


@pytest.mark.parametrize("content", BROKEN_MANIFESTS, ids=lambda content: repr(content[:20]))
def test_a_broken_manifest_is_explained(content):
    where = f"web@10.0.0.5:/var/www/{deploy.MANIFEST}"
    with pytest.raises(deploy.DeployError) as raised:
        deploy.parse_manifest(content, where)
    assert str(raised.value).startswith(f"{where}: 错误: 上次上传留下的清单不完整或已损坏") and "--force" in str(raised.value)


@pytest.mark.parametrize("content", BROKEN_MANIFESTS[:4:3], ids=["truncated", "a list"])
def test_a_broken_manifest_stops_the_deploy_until_force_rebuilds_it(sshd, project, tmp_path, content):
    remote = tmp_path / "www"
    write_manifest(remote, content)
    args = [*sshd.args(remote), "--method", "sftp"]

    done = brandsite(project, *args)
    assert done.returncode == 1, done.stdout + done.stderr
    error = first_error(done)
    assert error.startswith(f"root@127.0.0.1:{remote}/{deploy.MANIFEST}: 错误: ") and "--force" in error
    assert (remote / "index.html").read_text(encoding="utf-8") == "旧首页"

    forced = brandsite(project, *args, "--force")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    again = brandsite(project, *args)
    assert again.returncode == 0 and again.stdout.startswith("已上传 0 个文件"), again.stdout + again.stderr
    assert sums(remote) == deploy.site_sums(project / "site")


# Finding 3: the target is a folder that holds something else.

def fill_with_another_site(parent: Path) -> dict[str, str]:
    for path, text in {"other-site/index.html": "另一个网站", "other-site/css/site.css": "body{}",
                       "school.db": "数据库"}.items():
        (parent / path).parent.mkdir(parents=True, exist_ok=True)
        (parent / path).write_text(text, encoding="utf-8")
    return sums(parent)


@pytest.mark.parametrize("method", ["rsync", "sftp"])
def test_deploy_refuses_a_folder_it_did_not_fill(sshd, project, tmp_path, method):
    parent = tmp_path / "www"
    before = fill_with_another_site(parent)
    args = [*sshd.args(parent), "--method", method]
    would_go = {"other-site/", "other-site/index.html", "other-site/css/", "other-site/css/site.css", "school.db"}

    for dry_run in (["--dry-run"], []):
        done = brandsite(project, *args, *dry_run)
        assert done.returncode == 1, done.stdout + done.stderr
        error = first_error(done)
        assert error.startswith(f"root@127.0.0.1:{parent}: 错误: ")
        assert deploy.MANIFEST in error and "--force" in error
        assert listed(done.stdout, "删除") == (would_go if method == "rsync" else set())
        assert sums(parent) == before

    forced = brandsite(project, *args, "--force")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    site = deploy.site_sums(project / "site")
    if method == "rsync":  # shown first, then deleted
        head, _, tail = forced.stdout.partition("已上传")
        assert listed(head, "删除") == would_go and listed(tail, "删除") == would_go
        assert sums(parent) == site
    else:  # SFTP deletes only what its manifest lists: nothing of a folder it did not fill
        assert sums(parent) == {**before, **site}


@pytest.mark.parametrize("method", ["rsync", "sftp"])
def test_an_empty_or_missing_folder_needs_no_force(sshd, project, tmp_path, method):
    (tmp_path / "empty").mkdir()
    for remote in (tmp_path / "empty", tmp_path / "missing" / "www"):
        done = brandsite(project, *sshd.args(remote), "--method", method)
        assert done.returncode == 0, done.stdout + done.stderr
        assert sums(remote) == deploy.site_sums(project / "site")
        assert (remote / deploy.MANIFEST).is_file()  # the marker the next deploy looks for


# Finding 8: an unknown host key with a password set.

@pytest.mark.parametrize("method", ["rsync", "sftp"])
@pytest.mark.parametrize("asking", [[], ["-o", "StrictHostKeyChecking=ask"]], ids=["default", "ask"])
def test_an_unknown_host_key_fails_fast_with_a_password_set(sshd, project, tmp_path, method, asking):
    empty = tmp_path / "known_hosts"
    empty.write_text("", encoding="utf-8")
    args = [*sshd.args(tmp_path / "www", known_hosts=empty, strict=False), "--method", method, *asking]
    done = brandsite(project, *args, timeout=30, **{deploy.PASSWORD_VARIABLE: "s3cret-密码"})
    assert done.returncode == 1, done.stdout + done.stderr
    error = first_error(done)
    assert error.startswith(f"root@127.0.0.1:{tmp_path / 'www'}: 错误: ")
    assert f"ssh-keyscan -p {sshd.port} 127.0.0.1" in error and "StrictHostKeyChecking=accept-new" in error
    assert "s3cret" not in done.stdout + done.stderr
    assert not (tmp_path / "www").exists() and empty.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("method", ["rsync", "sftp"])
def test_accepting_a_new_host_key_is_the_users_explicit_choice(sshd, project, tmp_path, method):
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text("", encoding="utf-8")
    args = [*sshd.args(tmp_path / "www", known_hosts=known_hosts, strict=False), "--method", method,
            "-o", "StrictHostKeyChecking=accept-new"]
    done = brandsite(project, *args, timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    found = subprocess.run(["ssh-keygen", "-F", f"[127.0.0.1]:{sshd.port}", "-f", str(known_hosts)],
                           capture_output=True, text=True, check=False)
    assert found.returncode == 0, known_hosts.read_text(encoding="utf-8")  # ssh may store the name hashed


@pytest.mark.parametrize("prompt, answered", [
    ("root@10.0.0.5's password: ", True),
    ("(root@10.0.0.5) Password: ", True),
    ("The authenticity of host '10.0.0.5' can't be established.\nED25519 key fingerprint is SHA256:x.\n"
     "Are you sure you want to continue connecting (yes/no/[fingerprint])? ", False),
    ("Please type 'yes', 'no' or the fingerprint: ", False),
    ("Enter passphrase for key '/root/.ssh/id_ed25519': ", False),
    ("Warning: the password: is not a question", False),
])
def test_askpass_answers_only_password_prompts(prompt, answered):
    with deploy.askpass_environment({deploy.PASSWORD_VARIABLE: "s3cret 密码"}) as env:
        said = subprocess.run([env["SSH_ASKPASS"], prompt], env=env, capture_output=True, text=True, timeout=10)
    assert (said.returncode == 0, said.stdout) == ((True, "s3cret 密码\n") if answered else (False, ""))


# Finding 9 (and 7): the connection drops in the middle of an upload.

@pytest.mark.parametrize("method", ["sftp", "rsync"])
def test_a_connection_cut_mid_upload_leaves_the_old_site_whole(sshd, tmp_path, method):
    project, remote = tmp_path / "project", tmp_path / "www"
    first = make_site(project / "site", "v1", film=True)
    assert brandsite(project, *sshd.args(remote), "--method", method).returncode == 0
    second = make_site(project / "site", "v2", film=True)
    assert all(first[path] != second[path] for path in second)

    proxy = CuttingProxy(sshd.port, limit=FILM // 3)
    try:
        known_hosts = sshd.known_hosts_for(proxy.port, tmp_path / "proxy_known_hosts")
        cut = brandsite(project, *sshd.args(remote, port=proxy.port, known_hosts=known_hosts),
                        "--method", method, timeout=60)
    finally:
        proxy.close()
    assert proxy.cut.is_set()
    assert cut.returncode == 1, cut.stdout + cut.stderr
    error = first_error(cut)
    assert error.startswith(f"root@127.0.0.1:{remote}: 错误: ") and "重新运行" in error
    assert {path: sum_ for path, sum_ in sums(remote).items() if path in first} == first  # every file old and whole

    again = brandsite(project, *sshd.args(remote), "--method", method)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sums(remote) == second  # nothing left of the cut upload
