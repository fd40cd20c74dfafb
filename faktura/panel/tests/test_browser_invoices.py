"""In Chromium, the invoices' list and an invoice's page: filter the list in place, open an
invoice, download its PDF, e-mail it to a real SMTP server with the PDF, mark it paid."""

import re

import pytest

from faktura.invoicing.tests import factories_invoices
from faktura.panel.tests.browser import screenshot
from faktura.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_list_to_a_sent_and_paid_invoice(panel, owner, smtp_server, run_tasks):
    invoice = factories_invoices.numbered_invoice(
        owner, buyer_name="Alfa Handel SA", buyer_email="zakupy@alfa.example"
    )
    factories_invoices.numbered_invoice(owner, buyer_name="Beta Usługi sp. z o.o.")
    factories_invoices.numbered_invoice(owner, kind="proforma", buyer_name="Gamma SA")
    page = panel.page
    page.goto(panel.url("/login", "acme"))
    page.get_by_label("Login lub e-mail").fill(owner.user.login)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.get_by_role("link", name="Faktury", exact=True).click()
    page.get_by_role("heading", name="Faktury").wait_for()
    rows = page.locator("#invoice-rows tbody tr")
    assert rows.count() == 3
    screenshot(page, "invoices-list")

    # The kind filter and the search swap the rows in place and keep the address shareable.
    page.get_by_label("Rodzaj").select_option("vat")
    page.get_by_text("Gamma SA").wait_for(state="detached")
    assert rows.count() == 2
    page.get_by_label("Szukaj").fill("alfa")
    page.get_by_text("Beta Usługi sp. z o.o.").wait_for(state="detached")
    assert rows.count() == 1
    assert re.search(r"kind=vat.*q=alfa", page.url)
    page.reload()
    assert rows.count() == 1

    page.get_by_role("link", name=invoice.number).click()
    page.get_by_role("heading", name=f"Faktura VAT {invoice.number}").wait_for()

    with page.expect_download() as download:
        page.get_by_role("link", name="Oryginał", exact=True).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The buyer's address is proposed; a copy goes to the accountant.
    assert page.get_by_label("Do (do 5, oddzielone przecinkami)").input_value() == (
        "zakupy@alfa.example"
    )
    page.get_by_label("Kopia do").fill("ksiegowa@example.com")
    page.get_by_role("button", name="Wyślij", exact=True).click()
    page.get_by_text("Faktura jest w drodze do zakupy@alfa.example.").wait_for()
    run_tasks()
    (received,) = smtp_server.received
    assert sorted(received.rcpt_tos) == ["ksiegowa@example.com", "zakupy@alfa.example"]
    attachments = [
        part.get_content()
        for part in received.message.walk()
        if part.get_content_type() == "application/pdf"
    ]
    assert [content[:5] for content in attachments] == [b"%PDF-"]

    page.get_by_role("button", name="Oznacz jako opłaconą").click()
    page.get_by_text("Płatność została zapisana.").wait_for()
    assert page.locator(".badge.paid").inner_text() == "Zapłacono"
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid) == ("paid", invoice.price_gross)
    page.reload()
    assert "wysłany" in page.locator("section[aria-labelledby=emails-heading]").inner_text()
    screenshot(page, "invoice-page")
