"""`brandsite deploy` against a real OpenSSH server started on 127.0.0.1 for these tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from brandsite import deploy
from publishing import run
from sitebuild import build_site, copy_project

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, folder: Path, port: int, key: Path, known_hosts: Path, user: str):
        self.folder, self.port, self.key, self.known_hosts, self.user = folder, port, key, known_hosts, user

    def args(self, remote: Path) -> list[str]:
        return ["--to", f"{self.user}@127.0.0.1:{remote}", "--port", str(self.port), "-i", str(self.key),
                "-o", f"UserKnownHostsFile={self.known_hosts}", "-o", "StrictHostKeyChecking=yes",
                "-o", "BatchMode=yes"]


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    if not os.path.exists(SSHD) or not shutil.which("rsync") or not shutil.which("ssh-keygen"):
        pytest.skip("没有 openssh-server/rsync：运行 tools/system-deps.sh（需要 root）安装后再测")
    if os.geteuid() != 0:
        pytest.skip("sshd 要以 root 运行才能让测试用户登录；请用 root 运行（CI 容器里就是 root）")
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
    port = free_port()
    (folder / "sshd_config").write_text(f"""\
Port {port}
ListenAddress 127.0.0.1
HostKey {folder / 'host_key'}
PidFile {folder / 'sshd.pid'}
AuthorizedKeysFile {folder / 'authorized_keys'}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
""", encoding="utf-8")
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
    log = open(folder / "sshd.log", "w")
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")], stdout=log, stderr=log)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, (folder / "sshd.log").read_text()
            assert time.monotonic() < deadline, "sshd did not start"
            time.sleep(0.05)
    host_key = (folder / "host_key.pub").read_text().split()[:2]
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {' '.join(host_key)}\n", encoding="utf-8")
    yield Server(folder, port, folder / "client_key", folder / "known_hosts", "root")
    process.terminate()
    process.wait(timeout=10)
    log.close()


def brandsite(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return run(cwd, *args, **{deploy.PASSWORD_VARIABLE: None})


def sums(folder: Path) -> dict[str, str]:
    return {path: sum_ for path, sum_ in deploy.site_sums(folder).items() if path != deploy.MANIFEST}


def listed(output: str, word: str) -> set[str]:
    return {line.strip()[len(word) + 1:] for line in output.splitlines() if line.strip().startswith(word + " ")}


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_project(tmp_path / "project")
    build_site(project, strict=True)
    return project


def change_and_remove(project: Path) -> None:
    profile = project / "brands" / "wuse-xingdong" / "index.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("summary:", "summary: 新增一句。", 1),
                       encoding="utf-8")
    shutil.rmtree(project / "brands" / "zhengzhi-shengri")


@pytest.mark.parametrize("method", ["rsync", "sftp"])
def test_deploy_sends_only_changes_and_deletes_removed_pages(sshd, project, tmp_path, method):
    remote = tmp_path / "www" / "dangjian"
    args = [*sshd.args(remote), "--method", method]
    site = project / "site"
    first = sums(site)

    dry = brandsite(project, "deploy", *args, "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert listed(dry.stdout, "上传") == set(first)
    assert not remote.exists() or not any(remote.rglob("*.html"))

    done = brandsite(project, "deploy", *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert listed(done.stdout, "上传") == set(first)
    assert sums(remote) == first

    again = brandsite(project, "deploy", *args)
    assert again.stdout.startswith("已上传 0 个文件，已删除 0 个文件")

    change_and_remove(project)
    build_site(project, strict=True)
    second = sums(site)
    changed = {p for p in second if first.get(p) != second[p]}
    gone = set(first) - set(second)
    assert "brands/wuse-xingdong/index.html" in changed and len(changed) < len(second) // 2
    assert "brands/zhengzhi-shengri/index.html" in gone

    dry = brandsite(project, "deploy", *args, "--dry-run")
    assert (listed(dry.stdout, "上传"), listed(dry.stdout, "删除")) == (changed, gone)
    assert sums(remote) == first  # a dry run changes nothing

    done = brandsite(project, "deploy", *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (listed(done.stdout, "上传"), listed(done.stdout, "删除")) == (changed, gone)
    assert sums(remote) == second
    assert not (remote / "brands" / "zhengzhi-shengri").exists()


def test_deploy_refuses_an_unknown_host_key(sshd, project, tmp_path):
    (tmp_path / "empty_known_hosts").write_text("", encoding="utf-8")
    args = sshd.args(tmp_path / "www")
    args[args.index(f"UserKnownHostsFile={sshd.known_hosts}")] = f"UserKnownHostsFile={tmp_path / 'empty_known_hosts'}"
    done = brandsite(project, "deploy", *args)
    assert done.returncode == 1
    assert done.stdout.startswith("错误: 上传到 root@127.0.0.1 失败")


def test_target_and_itemized_output_parsing():
    assert deploy.Target.parse("web@10.0.0.5:/var/www/dangjian") == deploy.Target("web", "10.0.0.5", "/var/www/dangjian")
    with pytest.raises(ValueError, match="用户名@服务器:/网站/文件夹"):
        deploy.Target.parse("/var/www")
    out = "cd+++++++++ brands/new/\n<f+++++++++ brands/new/index.html\n<fcs....... index.html\n" \
          ".f..t...... about.html\n*deleting   brands/old/index.html\n*deleting   brands/old/\n"
    changes = deploy.parse_itemized(out)
    assert changes.sent == ["brands/new/index.html", "index.html"]
    assert changes.deleted == ["brands/old/index.html"]


def test_password_reaches_ssh_only_through_a_temporary_askpass(tmp_path):
    with deploy.askpass_environment({deploy.PASSWORD_VARIABLE: "s3cret 密码"}) as env:
        helper = Path(env["SSH_ASKPASS"])
        assert env["SSH_ASKPASS_REQUIRE"] == "force"
        assert "s3cret" not in helper.read_text(encoding="utf-8")
        said = subprocess.run([str(helper)], env=env, capture_output=True, text=True, check=True).stdout
        assert said == "s3cret 密码\n"
    assert not helper.exists()
    with deploy.askpass_environment({}) as env:
        assert "SSH_ASKPASS" not in env
