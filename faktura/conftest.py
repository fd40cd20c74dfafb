"""Fixtures shared by every test module."""

import io
import signal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from faktura.events.tests.receiver import Receiver
from faktura.panel.tests.browser import chromium, panel  # noqa: F401 - fixtures
from faktura.tests import factories
from faktura.tests.factories import PASSWORD
from faktura.tests.smtp import SmtpServer


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # PBKDF2 at its production cost would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.FAKTURA_BASE_DOMAIN = "faktura.test"
    settings.ALLOWED_HOSTS = [".faktura.test", "faktura.test", "testserver"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="app.faktura.test")


@pytest.fixture
def owner(db):
    """The owner's membership of account `acme`."""
    return factories.account(prefix="acme")


@pytest.fixture
def other_owner(db):
    """The owner's membership of another account, `globex`."""
    return factories.account(prefix="globex")


@pytest.fixture
def signed_in():
    """Sign a user in to the panel on `acme`'s host: `signed_in(login)` → a test client."""

    def sign_in(login: str) -> Client:
        browser = Client(HTTP_HOST="acme.faktura.test", HTTP_ACCEPT="text/html")
        response = browser.post("/login", {"login": login, "password": PASSWORD})
        assert response.status_code == 302, response.content
        return browser

    return sign_in


@pytest.fixture
def webhook_receiver(settings):
    """A real HTTP server on loopback taking webhooks (private targets allowed for it)."""
    settings.FAKTURA_WEBHOOK_ALLOW_PRIVATE = True
    server = Receiver()
    server.start()
    yield server
    server.stop()


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
