"""The `faktura` command: create-account in-process, serve as a real process group."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from faktura.accounts.models import Account, Membership
from faktura.tests.smtp import free_port


@pytest.mark.django_db
def test_create_account_prints_the_owners_api_token():
    out, err = StringIO(), StringIO()
    call_command(
        "create_account",
        "--prefix=cli",
        "--email=cli@example.pl",
        "--password=password1",
        "--company-name=CLI sp. z o.o.",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    membership = Membership.objects.get(account__prefix="cli")
    assert token == membership.api_token
    assert membership.role == "owner"
    assert membership.account.departments.get(main=True).name == "CLI sp. z o.o."
    assert "Created account cli" in err.getvalue()


@pytest.mark.django_db
def test_create_account_with_partner_flag_makes_a_partner():
    call_command(
        "create_account",
        "--prefix=partner",
        "--email=p@example.pl",
        "--password=password1",
        "--partner",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert Account.objects.get(prefix="partner").is_partner is True


@pytest.mark.django_db
def test_create_account_reports_invalid_input_by_field():
    with pytest.raises(CommandError, match=r"^password \S+ .*8"):
        call_command(
            "create_account",
            "--prefix=cli",
            "--email=cli@example.pl",
            "--password=x",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert not Account.objects.exists()


def _get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.status, json.loads(response.read())


def _log(tmp_path) -> str:
    return (tmp_path / "serve.log").read_text()


@pytest.mark.slow
def test_serve_starts_web_and_worker_creates_demo_and_stops_on_sigterm(tmp_path):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("FAKTURA_DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(PORT=str(port), FAKTURA_DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "faktura.cli", "serve"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, (tmp_path / "serve.log").read_text()
        assert body == {"status": "ok"}

        output = (tmp_path / "serve.log").read_text()
        assert "login:     demo" in output
        token = re.search(r"API token: (\S+)", output)[1]
        password = re.search(r"password:  (\S+)", output)[1]
        assert len(password) >= 12
        status, account = _get(f"http://127.0.0.1:{port}/account.json?api_token={token}")
        assert (status, account["prefix"]) == (200, "demo")

        # The worker is the second half of the group: wait until it runs too.
        while time.monotonic() < deadline and "Starting worker" not in _log(tmp_path):
            time.sleep(0.2)
        assert "Starting worker" in _log(tmp_path)

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    output = _log(tmp_path)
    assert token not in output.split("API token:")[1].split("\n", 1)[1]
    # Nothing of the group is left running.
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)
