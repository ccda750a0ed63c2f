"""`brandsite deploy` against a real OpenSSH server started on 127.0.0.1 for these tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from brandsite.publish import deploy
from kit.cli import Done, run_brandsite
from publishing import listed, sshd, sums  # noqa: F401  (sshd is a fixture)
from sitebuild import build_site, copy_project


def brandsite(cwd: Path, *args: str) -> Done:
    return run_brandsite(cwd, *args, **{deploy.PASSWORD_VARIABLE: None})


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_project(tmp_path / "project")
    build_site(project, strict=True)
    return project


def folders(sums: dict[str, str]) -> set[str]:
    return {str(parent) for path in sums for parent in Path(path).parents if str(parent) != "."}


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
    gone |= {f"{folder}/" for folder in folders(first) - folders(second)}  # deleted with their last file
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
    assert done.stderr.startswith(f"root@127.0.0.1:{tmp_path / 'www'}: 错误: 服务器 127.0.0.1 的主机密钥不在 known_hosts 里")


def test_target_and_itemized_output_parsing():
    assert deploy.Target.parse("web@10.0.0.5:/var/www/dangjian") == deploy.Target("web", "10.0.0.5", "/var/www/dangjian")
    with pytest.raises(ValueError, match="用户名@服务器:/网站/文件夹"):
        deploy.Target.parse("/var/www")
    out = "cd+++++++++ brands/new/\n<f+++++++++ brands/new/index.html\n<fcs....... index.html\n" \
          ".f..t...... about.html\n*deleting   brands/old/index.html\n*deleting   brands/old/\n"
    changes = deploy.parse_itemized(out)
    assert changes.sent == ["brands/new/index.html", "index.html"]
    assert changes.deleted == ["brands/old/index.html", "brands/old/"]


def test_password_reaches_ssh_only_through_a_temporary_askpass(tmp_path):
    with deploy.askpass_environment({deploy.PASSWORD_VARIABLE: "s3cret 密码"}) as env:
        helper = Path(env["SSH_ASKPASS"])
        assert env["SSH_ASKPASS_REQUIRE"] == "force"
        assert "s3cret" not in helper.read_text(encoding="utf-8")
        said = subprocess.run([str(helper), "web@10.0.0.5's password: "], env=env, capture_output=True, text=True,
                              check=True).stdout
        assert said == "s3cret 密码\n"
    assert not helper.exists()
    with deploy.askpass_environment({}) as env:
        assert "SSH_ASKPASS" not in env
