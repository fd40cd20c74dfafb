"""In Chromium: a client (a wrong NIP refused, then fixed), a product, a PZ that puts it in
stock, a payment that settles an invoice; each page readable on a phone."""

from decimal import Decimal

import pytest

from faktura.catalog.models import Client, Product
from faktura.invoicing.tests.factories_invoices import numbered_invoice
from faktura.panel.tests.browser import PHONE, screenshot, width_on_a_phone
from faktura.warehouse.models import Stock

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_client_a_product_its_stock_and_a_settled_invoice(panel, owner):
    page = panel.page
    panel.sign_in(owner.user.login)

    # A client: the NIP's checksum is the service's, shown on its field; the input stays.
    page.get_by_role("link", name="Klienci", exact=True).click()
    page.get_by_role("link", name="Nowy klient").click()
    page.get_by_label("Nazwa").fill("Hurtownia Testowa sp. z o.o.")
    page.get_by_label("NIP").fill("1234567890")
    page.get_by_label("Tagi (oddzielone przecinkami)").fill("hurt, stały")
    page.get_by_role("button", name="Zapisz").click()
    page.locator("#id_tax_no-errors").wait_for()
    assert page.get_by_label("Nazwa").input_value() == "Hurtownia Testowa sp. z o.o."
    assert page.get_by_label("Tagi (oddzielone przecinkami)").input_value() == "hurt, stały"
    assert width_on_a_phone(page) <= PHONE["width"]
    screenshot(page, "client-form")
    page.get_by_label("NIP").fill("6272616681")
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("heading", name="Klienci").wait_for()
    client = Client.objects.get(account=owner.account, name="Hurtownia Testowa sp. z o.o.")
    assert (client.tax_no, client.tags) == ("6272616681", ["hurt", "stały"])
    # Search as you type replaces the rows only.
    page.get_by_label("Szukaj").fill("6272616681")
    page.wait_for_url("**/clients/?q=6272616681")
    assert page.get_by_role("link", name="Hurtownia Testowa sp. z o.o.").is_visible()
    assert width_on_a_phone(page) <= PHONE["width"]
    screenshot(page, "clients-list")

    # A product, priced gross; the service derives the net price.
    page.get_by_role("link", name="Produkty", exact=True).click()
    page.get_by_role("link", name="Nowy produkt").click()
    page.get_by_label("Nazwa").fill("Paleta")
    page.get_by_label("Cena brutto").fill("123")
    page.get_by_label("Sprzedawaj tylko to, co jest na stanie").check()
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("heading", name="Produkty").wait_for()
    product = Product.objects.get(account=owner.account, name="Paleta")
    assert product.price_net == Decimal("100.00")
    assert width_on_a_phone(page) <= PHONE["width"]
    screenshot(page, "products-list")

    # A PZ receives 40 of it; the product's page shows the stock.
    page.get_by_role("link", name="Dokumenty magazynowe").click()
    page.get_by_role("link", name="Nowy dokument magazynowy").click()
    page.get_by_label("Rodzaj").select_option("pz")
    page.locator("#wa-0-product").select_option(label="Paleta")
    page.locator("#wa-0-quantity").fill("40")
    page.locator("#wa-0-price").fill("55,50")
    assert width_on_a_phone(page) <= PHONE["width"]
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("link", name="PDF").wait_for()
    assert Stock.objects.get(product=product).quantity == 40
    page.get_by_role("link", name="Dokumenty magazynowe").click()
    page.get_by_label("Rodzaj").select_option("wz")
    page.get_by_text("Nic nie pasuje.").wait_for()
    page.get_by_label("Rodzaj").select_option("pz")
    page.get_by_role("link", name="PZ/1/").wait_for()
    assert width_on_a_phone(page) <= PHONE["width"]
    screenshot(page, "warehouse-documents")
    page.goto(panel.url(f"/products/{product.pk}/edit", "acme"))
    stock = page.locator("table.list").inner_text()
    assert "40" in stock

    # The price list and warehouse forms fit a phone too.
    for path in ("/price_lists/new", "/warehouses/new"):
        page.goto(panel.url(path, "acme"))
        assert width_on_a_phone(page) <= PHONE["width"]

    # A payment for an invoice settles it.
    invoice = numbered_invoice(owner)
    page.get_by_role("link", name="Płatności").click()
    page.get_by_role("link", name="Nowa płatność").click()
    page.get_by_label("Tytuł").fill("Przelew za fakturę")
    page.get_by_label("Kwota").fill("123,00")
    page.get_by_label(invoice.number, exact=False).check()
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("heading", name="Płatności").wait_for()
    row = page.get_by_role("row").filter(has_text="Przelew za fakturę")
    assert f"{invoice.number} (Zapłacono)" in row.inner_text()
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid) == ("paid", Decimal("123.00"))
    assert width_on_a_phone(page) <= PHONE["width"]
    screenshot(page, "payments-list")
