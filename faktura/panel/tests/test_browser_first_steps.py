"""In Chromium, what a new user does first: sign in, add a client, issue a VAT invoice with
two rates and watch the totals per rate, download its PDF, e-mail it to a real SMTP server,
record the payment, issue a correction; a member cannot open the settings."""

import pytest

from faktura.invoicing.models import Invoice
from faktura.panel.tests.browser import PHONE, screenshot, width_on_a_phone
from faktura.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_first_steps_from_a_client_to_a_paid_and_corrected_invoice(
    panel, owner, smtp_server, run_tasks
):
    page = panel.page
    panel.sign_in(owner.user.login)

    # A client: a wrong NIP is refused with the API's message, then fixed.
    page.get_by_role("link", name="Klienci", exact=True).click()
    page.get_by_role("link", name="Nowy klient").click()
    page.get_by_label("Nazwa").fill("Klient Przeglądarkowy sp. z o.o.")
    page.get_by_label("NIP").fill("1234567890")
    page.get_by_role("button", name="Zapisz").click()
    page.locator(".errorlist").first.wait_for()
    screenshot(page, "client-form-refused-nip")
    assert page.get_by_label("Nazwa").input_value() == "Klient Przeglądarkowy sp. z o.o."
    page.get_by_label("NIP").fill("6272616681")
    page.get_by_label("E-mail").fill("kupiec@example.com")
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("heading", name="Klienci").wait_for()
    assert page.get_by_role("link", name="Klient Przeglądarkowy sp. z o.o.").is_visible()
    screenshot(page, "clients-list-first-client")

    # A VAT invoice with two positions at 23% and 8%: the totals follow the typing.
    page.get_by_role("link", name="Faktury", exact=True).click()
    page.get_by_role("link", name="Nowa faktura").click()
    # The buyer is found by typing part of the name and picked with the keyboard.
    page.get_by_label("Znajdź klienta").fill("przegl")
    pick = page.get_by_role("button", name="Wybierz: Klient Przeglądarkowy sp. z o.o.")
    pick.focus()
    page.keyboard.press("Enter")
    page.locator(".linked-client").wait_for()
    assert page.locator("#f-buyer_tax_no").input_value() == "6272616681"
    page.locator("#p-0-name").fill("Wdrożenie")
    page.locator("#p-0-price").fill("1000")
    page.get_by_role("button", name="Dodaj pozycję").click()
    page.locator("#p-1-name").wait_for()
    page.locator("#p-1-name").fill("Szkolenie")
    page.locator("#p-1-quantity").fill("2")
    page.locator("#p-1-tax").select_option("8")
    page.locator("#p-1-price").fill("250")
    totals = page.locator("#totals")
    # 1 230,00 + 540,00, recomputed by the server as the user types, without a reload.
    shown = "document.querySelector('#totals').innerText.replace(/\\u00a0/g, ' ')"
    page.wait_for_function(f"{shown}.includes('1 770,00 PLN')")
    text = " ".join(totals.inner_text().split())
    assert "23% 1 000,00 230,00 1 230,00" in text.replace("\u00a0", " ")
    assert "8% 500,00 40,00 540,00" in text.replace("\u00a0", " ")
    screenshot(page, "invoice-form")
    page.get_by_role("button", name="Zapisz fakturę").click()
    page.get_by_role("heading", name="Faktura VAT").wait_for()
    invoice = Invoice.objects.get(account=owner.account, kind="vat")
    assert invoice.price_gross == 1770
    assert invoice.buyer_name == "Klient Przeglądarkowy sp. z o.o."
    screenshot(page, "invoice-page")

    # The PDF.
    with page.expect_download() as download:
        page.get_by_role("link", name="Oryginał", exact=True).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # E-mail to a real SMTP server on loopback, the PDF attached.
    page.get_by_label("Do (do 5, oddzielone przecinkami)").fill("kupiec@example.com")
    page.get_by_role("button", name="Wyślij").click()
    page.get_by_text("Faktura jest w drodze do kupiec@example.com.").wait_for()
    run_tasks()
    (received,) = smtp_server.received
    message = received.message
    assert received.rcpt_tos == ["kupiec@example.com"]
    assert invoice.number in message["Subject"]
    assert any(part.get_content_type() == "application/pdf" for part in message.walk())

    # The payment: the invoice is paid.
    page.get_by_role("button", name="Oznacz jako opłaconą").click()
    page.get_by_text("Płatność została zapisana.").wait_for()
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    assert page.locator(".badge.paid").is_visible()

    # A correction of the first line's price.
    page.get_by_role("link", name="Wystaw korektę").click()
    page.get_by_label("Przyczyna korekty").fill("Rabat posprzedażowy")
    page.locator("#a-0-price").fill("900.00")
    page.get_by_role("button", name="Wystaw korektę").click()
    page.get_by_role("heading", name="Faktura korygująca").wait_for()
    correction = Invoice.objects.get(account=owner.account, kind="correction")
    assert correction.price_gross == -123  # −100.00 net at 23%
    screenshot(page, "invoice-correction")

    page.get_by_role("link", name="Faktury", exact=True).click()
    page.get_by_role("heading", name="Faktury").wait_for()
    screenshot(page, "invoices-list-with-correction")
    assert width_on_a_phone(page) <= PHONE["width"]


def test_a_member_cannot_open_the_settings(panel, owner):
    member = factories.member(owner, role="member")
    page = panel.page
    panel.sign_in(member.user.email)
    assert page.get_by_role("link", name="Ustawienia").count() == 0
    response = page.goto(panel.url("/settings/invoicing", "acme"))
    assert response.status == 403


def test_an_admin_sees_the_settings(panel, owner):
    page = panel.page
    panel.sign_in(owner.user.login)
    page.get_by_role("link", name="Ustawienia").click()
    page.get_by_role("link", name="Numeracja i teksty").click()
    page.get_by_role("heading", name="Ustawienia fakturowania").wait_for()
    screenshot(page, "settings-invoicing-first-look")
