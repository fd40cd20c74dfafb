"""In Chromium: a new user signs in, sees the dashboard, a member is kept out of another
account, and every page reads on a phone."""

import pytest

from faktura.invoicing.tests import factories_invoices
from faktura.panel.tests.browser import PHONE, screenshot, width_on_a_phone
from faktura.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_user_signs_in_with_the_keyboard_and_sees_the_dashboard(panel, owner):
    factories_invoices.numbered_invoice(owner, buyer_name="Klient Pierwszy")
    page = panel.page
    page.goto(panel.url("/"))
    assert page.url.endswith("/login?next=%2F")
    screenshot(page, "login")
    page.keyboard.press("Tab")  # the skip link first
    page.get_by_label("Login lub e-mail").focus()
    page.keyboard.type(owner.user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Pulpit").wait_for()
    assert page.get_by_text("Klient Pierwszy").first.is_visible()
    screenshot(page, "dashboard")


def test_the_dashboard_fits_a_phone(panel, owner):
    panel.sign_in(owner.user.login, prefix=None)  # the only account opens by itself
    assert width_on_a_phone(panel.page) <= PHONE["width"]


def test_a_user_of_one_account_cannot_open_another_accounts_pages(panel, owner, other_owner):
    panel.sign_in(owner.user.login)
    page = panel.page
    page.goto(panel.url("/", "globex"))
    # Another account's host does not know this session: it asks to sign in.
    assert "/login" in page.url
    page.get_by_label("Login lub e-mail").fill(owner.user.login)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.get_by_role("alert").wait_for()
    assert "Nieprawidłowy login lub hasło." in page.get_by_role("alert").inner_text()
