"""Helpers of the publishing tests: the local OpenSSH server (with a proxy that can cut its connections)
the deploy tests talk to, and readers of a deploy's listing and of a site's files."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from brandsite.publish import deploy

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def sums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` but the deploy's own manifest."""
    return {path: sum_ for path, sum_ in deploy.site_sums(folder).items() if path != deploy.MANIFEST}


def listed(output: str, word: str) -> set[str]:
    """The paths of the ``  上传 path`` / ``  删除 path`` lines of a deploy's listing."""
    return {line.strip()[len(word) + 1:] for line in output.splitlines() if line.strip().startswith(word + " ")}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The test sshd: where it listens, the client key, and a known_hosts file holding its host key."""

    def __init__(self, folder: Path, port: int, key: Path, known_hosts: Path, user: str):
        self.folder, self.port, self.key, self.known_hosts, self.user = folder, port, key, known_hosts, user

    def args(self, remote: Path, port: int | None = None, known_hosts: Path | None = None,
             strict: bool = True) -> list[str]:
        """``brandsite deploy`` arguments for ``remote``; ``strict=False`` leaves the host-key and batch
        options to the tool's own defaults, as a teacher typing the command would."""
        args = ["--to", f"{self.user}@127.0.0.1:{remote}", "--port", str(port or self.port), "-i", str(self.key),
                "-o", f"UserKnownHostsFile={known_hosts or self.known_hosts}"]
        return args + (["-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes"] if strict else [])

    def known_hosts_for(self, port: int, path: Path) -> Path:
        """A known_hosts file naming this server's key at another port (a proxy in front of it)."""
        key = " ".join((self.folder / "host_key.pub").read_text(encoding="utf-8").split()[:2])
        path.write_text(f"[127.0.0.1]:{port} {key}\n", encoding="utf-8")
        return path


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """A real OpenSSH server on 127.0.0.1 (root logs in with a test key) for the deploy tests."""
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
    while True:  # polling a port that is not open yet: there is no event to wait on
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, (folder / "sshd.log").read_text()
            assert time.monotonic() < deadline, "sshd did not start"
            time.sleep(0.05)
    server = Server(folder, port, folder / "client_key", folder / "known_hosts", "root")
    server.known_hosts_for(port, server.known_hosts)
    yield server
    process.terminate()
    process.wait(timeout=10)
    log.close()


class CuttingProxy:
    """A TCP proxy on 127.0.0.1 in front of the test sshd that drops each connection once ``limit``
    bytes have gone from the client to the server: a network failure in the middle of an upload."""

    def __init__(self, upstream: int, limit: int):
        self.upstream, self.limit = upstream, limit
        self.cut = threading.Event()  # set when a connection was dropped at the limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.threads = [threading.Thread(target=self._accept, daemon=True)]
        self.threads[0].start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # listener closed by close()
                return
            server = socket.create_connection(("127.0.0.1", self.upstream))
            for source, sink, limit in ((client, server, self.limit), (server, client, None)):
                thread = threading.Thread(target=self._pump, args=(source, sink, limit, (client, server)), daemon=True)
                self.threads.append(thread)
                thread.start()

    def _pump(self, source: socket.socket, sink: socket.socket, limit: int | None, pair) -> None:
        with contextlib.suppress(OSError):  # the other direction already closed the pair
            self._forward(source, sink, limit)
        for sock in pair:  # either way, the connection is over for both ends
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _forward(self, source: socket.socket, sink: socket.socket, limit: int | None) -> None:
        sent = 0
        while data := source.recv(65536):
            if limit is not None and sent + len(data) > limit:
                sink.sendall(data[:limit - sent])
                self.cut.set()
                return
            sink.sendall(data)
            sent += len(data)

    def close(self) -> None:
        self.listener.close()
        for thread in self.threads:
            thread.join(timeout=10)
