"""In Chromium: an admin goes through the settings (company, numbering, a webhook, a new API
token, users), a member is kept out, and the profile switches the panel to English."""

import pytest

from faktura.accounts.models import Membership
from faktura.events.models import Webhook
from faktura.panel.tests.browser import PHONE, screenshot, width_on_a_phone
from faktura.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_changes_numbering_adds_a_webhook_and_regenerates_the_token(
    panel, owner, settings
):
    settings.FAKTURA_WEBHOOK_ALLOW_PRIVATE = True
    admin = factories.member(owner, role="admin")
    page = panel.page
    panel.sign_in(admin.user.email)

    page.get_by_role("link", name="Ustawienia").click()
    page.get_by_role("heading", name="Firma").wait_for()
    assert page.get_by_label("Nazwa", exact=True).input_value() == "Acme sp. z o.o."
    screenshot(page, "settings-company")
    assert width_on_a_phone(page) <= PHONE["width"]

    # Numbering: a pattern without a counter is refused on its input, then fixed.
    page.get_by_role("link", name="Numeracja i teksty").click()
    page.get_by_role("heading", name="Ustawienia fakturowania").wait_for()
    pattern = page.locator("#pattern-vat")
    pattern.fill("FV/bez-licznika")
    page.get_by_role("button", name="Zapisz").click()
    page.locator("#pattern-vat ~ .error").wait_for()
    assert page.locator("#pattern-vat").input_value() == "FV/bez-licznika"
    page.locator("#pattern-vat").fill("FA/nr/mm/yyyy")
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_text("Ustawienia zostały zapisane.").wait_for()
    owner.account.refresh_from_db()
    assert owner.account.settings["number_patterns"]["vat"] == "FA/nr/mm/yyyy"
    screenshot(page, "settings-invoicing")
    assert width_on_a_phone(page) <= PHONE["width"]

    # A webhook: its secret is shown once.
    page.get_by_role("link", name="Webhooki").click()
    page.get_by_role("link", name="Nowy webhook").click()
    page.get_by_label("Adres (URL)").fill(f"http://127.0.0.1:{panel.port}/hook")
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("heading", name="Webhooki").wait_for()
    webhook = Webhook.objects.get(account=owner.account)
    assert page.get_by_text(webhook.secret).is_visible()
    assert page.get_by_role("link", name="invoice:create").is_visible()
    screenshot(page, "settings-webhooks")
    assert width_on_a_phone(page) <= PHONE["width"]

    # The API token: masked, shown on request, regenerated once confirmed.
    old = admin.api_token
    page.get_by_role("link", name="Token API").click()
    assert old not in page.content()
    page.get_by_role("button", name="Pokaż token").click()
    page.locator("#api-token").get_by_text(old).wait_for()
    page.get_by_label("Wiem, że stary token od razu przestanie działać").check()
    page.get_by_role("button", name="Utwórz nowy token").click()
    page.get_by_text("stary już nie działa").wait_for()
    new = Membership.objects.get(pk=admin.pk).api_token
    assert new != old
    page.get_by_role("button", name="Pokaż token").click()
    page.locator("#api-token").get_by_text(new).wait_for()

    page.get_by_role("link", name="Użytkownicy").click()
    page.get_by_role("heading", name="Użytkownicy", exact=True).wait_for()
    assert page.get_by_role("link", name=owner.user.login).is_visible()
    screenshot(page, "settings-users")
    assert width_on_a_phone(page) <= PHONE["width"]


def test_a_member_cannot_open_the_settings_and_sees_why(panel, owner):
    member = factories.member(owner, role="member")
    page = panel.page
    panel.sign_in(member.user.email)
    assert page.get_by_role("link", name="Ustawienia").count() == 0
    response = page.goto(panel.url("/settings/company", "acme"))
    assert response.status == 403
    page.get_by_role("heading", name="Brak dostępu").wait_for()
    assert page.get_by_role("link", name="Faktury", exact=True).is_visible()
    assert page.get_by_role("link", name="Ustawienia").count() == 0


def test_the_profile_switches_the_panel_to_english(panel, owner):
    page = panel.page
    panel.sign_in(owner.user.login)
    page.get_by_role("link", name=f"{owner.user.login} ·").click()
    page.get_by_role("heading", name="Twój profil").wait_for()
    page.get_by_label("Imię").fill("Anna")
    page.get_by_label("Język").select_option("en")
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("heading", name="Your profile").wait_for()
    nav = page.get_by_role("navigation", name="Main menu")
    assert nav.get_by_role("link", name="Invoices").is_visible()
    assert nav.get_by_role("link", name="Settings").is_visible()
    assert page.get_by_label("First name").input_value() == "Anna"
    screenshot(page, "profile")
    assert width_on_a_phone(page) <= PHONE["width"]
