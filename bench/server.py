"""The server under test: `faktura serve` in a subprocess, and accounts made with the CLI."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

START_TIMEOUT = 60  # seconds until /healthz must answer 200
STOP_TIMEOUT = 20  # seconds for a clean stop before the process group is killed
# Far above any count the bench sends, so the per-token limit is still checked on
# every call (its cost is part of what is measured) but never refuses one.
RATE_LIMIT = str(10**9)


class BenchError(RuntimeError):
    """The benchmark cannot go on: the server misbehaved or a request failed."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def faktura_command(*args: str) -> list[str]:
    """argv for `faktura ARGS…` with this interpreter (works without the venv on PATH)."""
    return [sys.executable, "-m", "faktura.cli", *args]


def server_environment(data_dir: Path) -> dict[str, str]:
    """The environment for the bench process's Django and the server it starts."""
    return {
        **os.environ,
        "FAKTURA_DATA_DIR": str(data_dir),
        "FAKTURA_API_RATE_LIMIT": RATE_LIMIT,
        "FAKTURA_DEBUG": "",
        # The events measurement's receiver listens on loopback.
        "FAKTURA_WEBHOOK_ALLOW_PRIVATE": "1",
    }


class Server:
    """`faktura serve --port P` (migrate, gunicorn, task worker) as a context manager."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = free_port()
        self.log_path = data_dir / "server.log"
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            # A session of its own: stop() can end the server's whole process group.
            self._process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                faktura_command("serve", "--port", str(self.port)),
                env=server_environment(self.data_dir),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self._wait_healthy()

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def create_account(self, prefix: str) -> str:
        """A new account made by `faktura create-account`; returns its owner's API token."""
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            faktura_command(
                "create-account",
                f"--prefix={prefix}",
                f"--email=owner@{prefix}.example.com",
                # `=`: a random password may start with "-".
                f"--password={secrets.token_urlsafe(16)}",
                f"--company-name={prefix} sp. z o.o.",
            ),
            env=server_environment(self.data_dir),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            raise BenchError(f"faktura create-account failed: {done.stderr.strip()}")
        return done.stdout.strip().splitlines()[-1]

    def _wait_healthy(self) -> None:
        url = f"http://127.0.0.1:{self.port}/healthz"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BenchError(f"faktura serve exited early:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - http://127.0.0.1
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise BenchError(f"/healthz did not answer within {START_TIMEOUT} s:\n{self.log_tail()}")
