"""A real SMTP server on loopback, and a way to run the task queue in the test."""

import io
import signal
import socket
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from faktura.accounts.models import Account
from faktura.delivery.models import OutgoingEmail


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class SmtpServer:
    """aiosmtpd on 127.0.0.1 that keeps what it accepts; can be stopped and started again."""

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    # What the server answers to DATA; a 5xx reply makes the client fail.
    data_reply: str = "250 Message accepted for delivery"
    _controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.data_reply.startswith("250"):
            self.received.append(
                Received(
                    mail_from=envelope.mail_from,
                    rcpt_tos=list(envelope.rcpt_tos),
                    message=message_from_bytes(envelope.content, policy=policy.default),
                )
            )
        return self.data_reply

    def start(self) -> None:
        # A stopped Controller cannot be restarted; each start gets a new one.
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_server():
    """A running SMTP server that Django's SMTP backend is pointed at."""
    server = SmtpServer()
    server.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=server.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=5,
        ):
            yield server
    finally:
        server.stop()


@pytest.fixture
def run_tasks():
    """Run every task that is due with the real database worker, then return.

    Fails the test when a task raised: the worker records such errors on the
    task row instead of letting them through.
    """

    def run() -> None:
        # The worker installs its own signal handlers; put pytest's back.
        signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
        handlers = {sig: signal.getsignal(sig) for sig in signals}
        try:
            call_command(
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
                stdout=io.StringIO(),
            )
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
        failed = list(DBTaskResult.objects.failed().values_list("task_path", "traceback"))
        assert failed == []

    return run


@pytest.fixture
def make_due():
    """Move an e-mail's next attempt, and the task scheduled for it, into the past.

    Stands in for waiting out the backoff.
    """

    def make_due(email: OutgoingEmail) -> None:
        past = timezone.now() - timedelta(seconds=1)
        OutgoingEmail.objects.filter(id=email.id).update(next_attempt_at=past)
        DBTaskResult.objects.filter(status="READY").update(run_after=past)

    return make_due


@pytest.fixture
def account(db) -> Account:
    return Account.objects.create(prefix="acme", name="Acme sp. z o.o.")
