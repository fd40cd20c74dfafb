import pytest
from django.test import Client

from faktura.panel.tests.browser import chromium, panel  # noqa: F401 - fixtures
from faktura.tests.factories import PASSWORD


@pytest.fixture
def signed_in():
    """Sign a user in to the panel on `acme`'s host: `signed_in(login)` → a test client."""

    def sign_in(login: str) -> Client:
        browser = Client(HTTP_HOST="acme.faktura.test", HTTP_ACCEPT="text/html")
        response = browser.post("/login", {"login": login, "password": PASSWORD})
        assert response.status_code == 302, response.content
        return browser

    return sign_in
