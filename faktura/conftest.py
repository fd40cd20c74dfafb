"""Fixtures shared by every test module."""

import pytest
from django.core.cache import cache
from django.test import Client

from faktura.tests import factories


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
