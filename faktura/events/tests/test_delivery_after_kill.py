"""A server killed with SIGKILL after the commit and before the delivery delivers after restart.

Real processes: `faktura serve` (web + task worker) on a file database, a webhook
receiver on loopback that is down at first. The invoice's event is committed and
its first delivery fails; the whole server is then killed with SIGKILL, the
receiver comes up, the server is started again, and the event arrives — once,
signed, with the delivery's id.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from faktura.events import signing
from faktura.events.tests.receiver import Receiver
from faktura.tests.smtp import free_port

pytestmark = pytest.mark.slow


def _serve(tmp_path, port: int, log_name: str) -> tuple[subprocess.Popen, object]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("FAKTURA_DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        PORT=str(port),
        FAKTURA_DATA_DIR=str(tmp_path),
        FAKTURA_WEBHOOK_ALLOW_PRIVATE="1",
        PYTHONUNBUFFERED="1",
    )
    log = (tmp_path / log_name).open("w+")
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "faktura.cli", "serve"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, log


def _request(port: int, method: str, path: str, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, json.loads(response.read())


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(process: subprocess.Popen, sig: int) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def test_an_event_committed_before_a_kill_is_delivered_after_restart(tmp_path):
    if os.environ.get("FAKTURA_DATABASE_URL"):
        pytest.skip("runs once, in the SQLite run: the server it starts has its own database")
    receiver = Receiver(port=free_port())  # not listening yet: the first try fails
    port = free_port()
    process, log = _serve(tmp_path, port, "serve-1.log")
    try:
        _wait(lambda: _request(port, "GET", "/healthz")[0] == 200, 60, "the server")
        token = re.search(r"API token: (\S+)", (tmp_path / "serve-1.log").read_text())[1]
        status, webhook = _request(
            port,
            "POST",
            "/webhooks.json",
            {"api_token": token, "webhook": {"kind": "invoice:create", "url": receiver.url}},
        )
        assert status == 201
        status, invoice = _request(
            port,
            "POST",
            "/invoices.json",
            {
                "api_token": token,
                "invoice": {"buyer_name": "Klient1", "positions": [{"name": "A", "price_net": 1}]},
            },
        )
        assert status == 201
        deliveries = f"/webhooks/{webhook['id']}/deliveries.json?api_token={token}"
        _wait(lambda: _request(port, "GET", deliveries)[1][0]["tries"], 60, "the first try")
        _stop(process, signal.SIGKILL)
    finally:
        _stop(process, signal.SIGKILL)
        log.close()

    receiver.start()
    process, log = _serve(tmp_path, port, "serve-2.log")
    try:
        _wait(lambda: receiver.received, 120, "the delivery after restart")
        time.sleep(1)  # anything sent twice would arrive by now
        [received] = receiver.received
        assert signing.verify(
            secrets=[webhook["secret"]],
            headers=received.headers,
            body=received.body,
            now=int(time.time()),
        )
        assert json.loads(received.body)["id"] == invoice["id"]
        _, log_rows = _request(port, "GET", deliveries)
        assert received.headers["webhook-id"] == log_rows[0]["id"]
        assert log_rows[0]["status"] == "delivered"
    finally:
        _stop(process, signal.SIGTERM)
        log.close()
        receiver.stop()
