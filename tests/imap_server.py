"""A throwaway Dovecot IMAP server on loopback, from Debian's dovecot-imapd (see .ci/run)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
default_internal_user = dovecot
default_login_user = dovenull
mail_location = maildir:{dir}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/users.passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={dir}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def available() -> bool:
    return Path(DOVECOT).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Dovecot:
    """`dovecot -F` in its own folder; mail processes run as nobody (Dovecot refuses root)."""

    def __init__(self, folder: Path, user: str = "alice", password: str = "secret") -> None:
        self.dir = folder
        self.user = user
        self.password = password
        self.port = free_port()
        self.config = folder / "dovecot.conf"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        for sub in ("run", "state", "mail"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o755)
        shutil.chown(self.dir / "mail", "nobody", "nogroup")
        (self.dir / "users.passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}:::::::\n")
        self.config.write_text(CONFIG.format(dir=self.dir, port=self.port))
        self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(self.config)])
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    if conn.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not start: {(self.dir / 'dovecot.log').read_text()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def doveadm(self, *args: str) -> str:
        return subprocess.run([DOVEADM, "-c", str(self.config), *args], check=True,
                              capture_output=True, text=True).stdout


@contextmanager
def running(password: str) -> Iterator[Dovecot]:
    """A started Dovecot with one user, stopped and removed afterwards. Not under pytest's
    tmp_path: pytest makes that 0700, and Dovecot's processes run as other users."""
    folder = Path(tempfile.mkdtemp(prefix="twin-dovecot-"))
    server = Dovecot(folder, password=password)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
