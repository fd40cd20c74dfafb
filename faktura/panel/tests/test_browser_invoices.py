"""In Chromium, the invoices' list and an invoice's page: filter the list in place, open an
invoice, download its PDF, e-mail it to a real SMTP server with the PDF, mark it paid."""

import re
from decimal import Decimal

import pytest

from faktura.catalog.services.clients import client_create
from faktura.catalog.services.products import product_create
from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices
from faktura.panel.tests.browser import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_list_to_a_sent_and_paid_invoice(panel, owner, smtp_server, run_tasks):
    invoice = factories_invoices.numbered_invoice(
        owner, buyer_name="Alfa Handel SA", buyer_email="zakupy@alfa.example"
    )
    factories_invoices.numbered_invoice(owner, buyer_name="Beta Usługi sp. z o.o.")
    factories_invoices.numbered_invoice(owner, kind="proforma", buyer_name="Gamma SA")
    panel.sign_in(owner.user.login)
    page = panel.page
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
    screenshot(page, "invoice-page-paid")


def test_a_known_nip_a_product_row_and_an_edit(panel, owner):
    """The NIP typed finds the existing client, a product fills its row and the totals,
    and the saved invoice is changed in the same form."""
    client = client_create(
        account=owner.account,
        data={"name": "Alfa Handel sp. z o.o.", "tax_no": "6272616681", "city": "Warszawa"},
    )
    product_create(
        account=owner.account,
        data={"name": "Abonament", "price_net": Decimal("49.99"), "tax": "8"},
    )
    panel.sign_in(owner.user.login)
    page = panel.page
    page.goto(panel.url("/invoices/new", "acme"))

    page.get_by_label("NIP", exact=True).fill("627-261-66-81")
    page.get_by_label("NIP", exact=True).press("Tab")
    page.get_by_text("Klient z tym numerem NIP już istnieje:").wait_for()
    page.get_by_role("button", name="Wybierz: Alfa Handel sp. z o.o.").click()
    page.locator(".linked-client").wait_for()
    assert page.get_by_label("Miejscowość").input_value() == "Warszawa"

    page.locator("#p-0-product").select_option(label="Abonament")
    page.wait_for_function("document.querySelector('#p-0-name').value === 'Abonament'")
    assert page.locator("#p-0-price").input_value() == "49.99"
    # innerText separates cells by tabs, thousands by no-break spaces: all become one space.
    shown = "document.querySelector('#totals').innerText.replace(/\\s+/g, ' ')"
    page.wait_for_function(f"{shown}.includes('8% 49,99 4,00 53,99')")
    screenshot(page, "invoice-form-product")
    page.get_by_role("button", name="Zapisz fakturę").click()
    page.get_by_role("heading", name=re.compile("Faktura VAT")).wait_for()
    invoice = Invoice.objects.get(account=owner.account)
    assert (invoice.client_id, invoice.price_gross) == (client.pk, Decimal("53.99"))

    page.get_by_role("link", name="Edytuj").click()
    page.get_by_role("heading", name=f"Edytuj fakturę {invoice.number}").wait_for()
    page.locator("#p-0-quantity").fill("3")
    page.wait_for_function(f"{shown}.includes('8% 149,97 12,00 161,97')")
    screenshot(page, "invoice-edit")
    page.get_by_role("button", name="Zapisz fakturę").click()
    page.get_by_text("Faktura została zapisana.").wait_for()
    invoice.refresh_from_db()
    assert (invoice.price_net, invoice.price_gross) == (Decimal("149.97"), Decimal("161.97"))
