"""Fixtures for the panel's browser tests: Debian's Chromium driven by Playwright.

`panel` gives a page of a fresh browser context and the live server's address,
with the accounts reachable on their own hosts (`acme.localhost:PORT`: Chromium
resolves every `*.localhost` name to the loopback address). `screenshot` keeps a
picture of a page at desktop and phone width under `test-artifacts/screenshots/`
(FAKTURA_SCREENSHOTS moves it); they are test artifacts, never committed.

The browser is the machine's own Chromium (FAKTURA_CHROMIUM, default
/usr/bin/chromium): `.ci/run` installs it, and a missing browser fails the tests.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from faktura.tests.factories import PASSWORD

CHROMIUM = os.environ.get("FAKTURA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("FAKTURA_SCREENSHOTS", "test-artifacts/screenshots"))
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
TIMEOUT_MS = 15_000


@dataclass
class Panel:
    page: object
    port: int

    def url(self, path: str = "/", prefix: str | None = None) -> str:
        host = f"{prefix}.localhost" if prefix else "localhost"
        return f"http://{host}:{self.port}{path}"

    def sign_in(self, login: str, prefix: str | None = "acme", *, wait: bool = True) -> None:
        """Sign `login` in on the account's host (on the bare host when `prefix` is None),
        and wait for the dashboard unless `wait` is off."""
        self.page.goto(self.url("/login", prefix))
        self.page.get_by_label("Login lub e-mail").fill(login)
        self.page.get_by_label("Hasło").fill(PASSWORD)
        self.page.get_by_role("button", name="Zaloguj się").click()
        if wait:
            self.page.get_by_role("heading", name="Pulpit").wait_for()


def width_on_a_phone(page) -> int:
    """How wide the page lays out on a 375-px phone (more than 375: it scrolls sideways)."""
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    return width


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def panel(chromium, live_server, settings):
    port = int(live_server.url.rsplit(":", 1)[1])
    settings.FAKTURA_BASE_DOMAIN = f"localhost:{port}"
    settings.ALLOWED_HOSTS = ["localhost", ".localhost"]
    context = chromium.new_context(viewport=DESKTOP, locale="pl-PL")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield Panel(page=page, port=port)
    context.close()


def screenshot(page, name: str) -> None:
    """Keep `name` at desktop and phone width (full page), then restore the desktop size."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
