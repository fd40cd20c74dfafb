"""The panel's clients, products, price lists, warehouses, warehouse documents and payments:
the services' rules and messages on the forms, rows of the account only, accountants read only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as Browser

from faktura.catalog.models import Client, PriceList, Product
from faktura.catalog.services.price_lists import price_list_create
from faktura.invoicing.tests.factories_invoices import numbered_invoice
from faktura.payments.models import Payment
from faktura.payments.services.payments import payment_create
from faktura.tests import factories
from faktura.tests.factories import PASSWORD
from faktura.warehouse.models import Stock, Warehouse, WarehouseDocument
from faktura.warehouse.services.documents import warehouse_document_create

pytestmark = pytest.mark.django_db


def _browser(login: str) -> Browser:
    browser = Browser(HTTP_HOST="acme.faktura.test", HTTP_ACCEPT="text/html")
    assert browser.post("/login", {"login": login, "password": PASSWORD}).status_code == 302
    return browser


@pytest.fixture
def browser(owner) -> Browser:
    return _browser(owner.user.login)


@pytest.fixture
def accountant(owner) -> Browser:
    return _browser(factories.member(owner, role="accountant").user.email)


def _html(response) -> str:
    return response.content.decode()


def _receipt(account, product, quantity="10", price="5"):
    return warehouse_document_create(
        account=account,
        data={
            "kind": "pz",
            "warehouse_actions": [
                {
                    "product_id": product.pk,
                    "quantity": Decimal(quantity),
                    "purchase_price_net": Decimal(price),
                }
            ],
        },
    )


# Clients: the fields beyond the first page's, and an accountant.


def test_a_clients_tags_and_external_id_are_saved_and_shown_again(browser, owner):
    saved = browser.post(
        "/clients/new",
        {"name": "Tagowany", "company": "on", "tag_list": "vip, hurt", "external_id": "crm-7"},
    )
    assert saved.status_code == 302
    client = Client.objects.get(account=owner.account, name="Tagowany")
    assert (client.tags, client.external_id) == (["vip", "hurt"], "crm-7")
    form = _html(browser.get(f"/clients/{client.pk}/edit"))
    assert 'value="vip, hurt"' in form
    assert 'value="crm-7"' in form


def test_an_accountant_reads_clients_but_cannot_change_them(accountant, owner):
    client = Client.objects.create(account=owner.account, name="Czytany")
    assert "Czytany" in _html(accountant.get("/clients/"))
    assert accountant.post("/clients/new", {"name": "X", "company": "on"}).status_code == 403
    assert accountant.post(f"/clients/{client.pk}/edit", {"name": "Y"}).status_code == 403
    assert accountant.post(f"/clients/{client.pk}/delete").status_code == 403
    assert Client.objects.filter(pk=client.pk, name="Czytany").exists()


# Products: the derived net price and the stock per warehouse.


def test_a_products_page_shows_the_derived_net_price_and_stock_per_warehouse(browser, owner):
    product = Product.objects.create(
        account=owner.account, name="Śruba", price_net=10, price_gross=Decimal("12.30"), tax="23"
    )
    _receipt(owner.account, product, quantity="7")
    html = _html(browser.get(f"/products/{product.pk}/edit"))
    assert "Netto 10,00, brutto 12,30 przy VAT 23." in html
    warehouse = Warehouse.objects.get(account=owner.account, main=True)
    assert f">{warehouse.name}</td>" in html
    assert '<td data-label="Na stanie" class="num">7</td>' in html


def test_an_accountant_cannot_change_products(accountant, owner):
    product = Product.objects.create(account=owner.account, name="Stały", price_gross=1)
    assert accountant.get(f"/products/{product.pk}/edit").status_code == 200
    assert accountant.post(f"/products/{product.pk}/delete").status_code == 403
    assert accountant.post("/products/new", {"name": "Nowy", "tax": "23"}).status_code == 403


# Price lists.


def test_a_price_list_is_saved_with_a_price_and_a_percentage(browser, owner):
    bolt = Product.objects.create(account=owner.account, name="Śruba", price_gross=10, tax="23")
    nut = Product.objects.create(account=owner.account, name="Nakrętka", price_gross=4, tax="23")
    assert browser.get("/price_lists/new").status_code == 200
    saved = browser.post(
        "/price_lists/new",
        {
            "name": "Hurt",
            "currency": "pln",
            "positions-count": "3",
            "positions-0-product": str(bolt.pk),
            "positions-0-mode": "price",
            "positions-0-value": "9,84",
            "positions-1-product": str(nut.pk),
            "positions-1-mode": "percent",
            "positions-1-value": "-10",
            "positions-2-product": "",
        },
    )
    assert saved["Location"] == "/price_lists/"
    price_list = PriceList.objects.get(account=owner.account, name="Hurt")
    assert price_list.currency == "PLN"
    positions = {p.product_id: p for p in price_list.positions.all()}
    assert positions[bolt.pk].price_gross == Decimal("9.84")
    assert positions[bolt.pk].price_net == Decimal("8.00")
    assert (positions[nut.pk].use_percentage, positions[nut.pk].percentage) == (True, -10)
    listing = _html(browser.get("/price_lists/?q=hur", HTTP_HX_REQUEST="true"))
    assert "Hurt" in listing
    assert "<html" not in listing


def test_a_price_list_keeps_what_was_typed_and_shows_the_services_message(browser, owner):
    bolt = Product.objects.create(account=owner.account, name="Śruba", price_gross=10)
    refused = browser.post(
        "/price_lists/new",
        {
            "name": "Zły",
            "currency": "złotówki",
            "positions-count": "2",
            "positions-0-product": str(bolt.pk),
            "positions-0-mode": "price",
            "positions-0-value": "",
            "positions-1-product": str(bolt.pk),
            "positions-1-mode": "percent",
            "positions-1-value": "5",
        },
    )
    assert refused.status_code == 422
    html = _html(refused)
    assert 'value="Zły"' in html
    assert "musi być trzyliterowym kodem waluty, np. PLN lub EUR" in html
    assert not PriceList.objects.filter(account=owner.account).exists()
    fixed = browser.post(
        "/price_lists/new",
        {
            "name": "Zły",
            "currency": "PLN",
            "positions-count": "1",
            "positions-0-product": str(bolt.pk),
            "positions-0-mode": "price",
            "positions-0-value": "",
        },
    )
    assert fixed.status_code == 422
    html = _html(fixed)
    assert 'id="pl-0-value"' in html
    assert html.index("errorlist") > html.index('id="pl-0-value"')


def test_a_price_list_is_edited_a_row_removed_and_deleted(browser, owner):
    bolt = Product.objects.create(account=owner.account, name="Śruba", price_gross=10)
    nut = Product.objects.create(account=owner.account, name="Nakrętka", price_gross=4)
    price_list = price_list_create(
        account=owner.account,
        data={
            "name": "Detal",
            "price_list_positions_attributes": [
                {"priceable_id": bolt.pk, "price_gross": Decimal(9)},
                {"priceable_id": nut.pk, "price_gross": Decimal(3)},
            ],
        },
    )
    bolt_row = price_list.positions.get(product=bolt)
    nut_row = price_list.positions.get(product=nut)
    form = _html(browser.get(f"/price_lists/{price_list.pk}/edit"))
    assert 'value="9.00"' in form
    browser.post(
        f"/price_lists/{price_list.pk}/edit",
        {
            "name": "Detal 2",
            "currency": "EUR",
            "positions-count": "2",
            "positions-0-id": str(bolt_row.pk),
            "positions-0-product": str(bolt.pk),
            "positions-0-mode": "price",
            "positions-0-value": "8",
            "positions-1-id": str(nut_row.pk),
            "positions-1-product": str(nut.pk),
            "positions-1-mode": "price",
            "positions-1-value": "3",
            "positions-1-remove": "on",
        },
    )
    price_list.refresh_from_db()
    assert (price_list.name, price_list.currency) == ("Detal 2", "EUR")
    assert list(price_list.positions.values_list("product_id", "price_gross")) == [
        (bolt.pk, Decimal("8.00"))
    ]
    assert browser.post(f"/price_lists/{price_list.pk}/delete").status_code == 302
    assert not PriceList.objects.filter(pk=price_list.pk).exists()


def test_another_accounts_price_list_is_not_found_and_accountants_read_only(
    browser, accountant, owner, other_owner
):
    foreign = price_list_create(account=other_owner.account, data={"name": "Obcy"})
    own = price_list_create(account=owner.account, data={"name": "Własny"})
    assert browser.get(f"/price_lists/{foreign.pk}/edit").status_code == 404
    assert browser.post(f"/price_lists/{foreign.pk}/edit", {"name": "X"}).status_code == 404
    assert browser.post(f"/price_lists/{foreign.pk}/delete").status_code == 404
    assert "Obcy" not in _html(browser.get("/price_lists/"))
    assert PriceList.objects.filter(pk=foreign.pk, name="Obcy").exists()
    assert accountant.get(f"/price_lists/{own.pk}/edit").status_code == 200
    assert accountant.post("/price_lists/new", {"name": "A"}).status_code == 403
    assert accountant.post(f"/price_lists/{own.pk}/edit", {"name": "A"}).status_code == 403
    assert accountant.post(f"/price_lists/{own.pk}/delete").status_code == 403


# Warehouses.


def test_warehouses_are_listed_made_edited_and_the_default_one_stays(browser, owner):
    first = browser.post("/warehouses/new", {"name": "Główny", "description": "Hala A"})
    assert first["Location"] == "/warehouses/"
    main = Warehouse.objects.get(account=owner.account, name="Główny")
    assert main.main
    browser.post("/warehouses/new", {"name": "Zapasowy"})
    spare = Warehouse.objects.get(account=owner.account, name="Zapasowy")
    assert not spare.main
    listing = _html(browser.get("/warehouses/?q=zapas", HTTP_HX_REQUEST="true"))
    assert "Zapasowy" in listing
    assert "Główny" not in listing
    assert '<td data-label="Magazyn domyślny">nie</td>' in listing
    refused = browser.post("/warehouses/new", {"name": "", "description": "bez nazwy"})
    assert refused.status_code == 422
    assert "bez nazwy" in _html(refused)
    browser.post(f"/warehouses/{spare.pk}/edit", {"name": "Zapasowy B"})
    spare.refresh_from_db()
    assert spare.name == "Zapasowy B"
    kept = browser.post(f"/warehouses/{main.pk}/delete", follow=True)
    assert "nie można usunąć magazynu domyślnego" in _html(kept)
    assert Warehouse.objects.filter(pk=main.pk).exists()
    browser.post(f"/warehouses/{spare.pk}/delete")
    assert not Warehouse.objects.filter(pk=spare.pk).exists()


def test_another_accounts_warehouse_is_not_found_and_accountants_read_only(
    browser, accountant, owner, other_owner
):
    foreign = Warehouse.objects.create(account=other_owner.account, name="Obcy")
    own = Warehouse.objects.create(account=owner.account, name="Własny")
    assert browser.get(f"/warehouses/{foreign.pk}/edit").status_code == 404
    assert browser.post(f"/warehouses/{foreign.pk}/edit", {"name": "X"}).status_code == 404
    assert browser.post(f"/warehouses/{foreign.pk}/delete").status_code == 404
    assert "Obcy" not in _html(browser.get("/warehouses/"))
    assert accountant.get(f"/warehouses/{own.pk}/edit").status_code == 200
    assert accountant.post(f"/warehouses/{own.pk}/edit", {"name": "A"}).status_code == 403
    assert accountant.post(f"/warehouses/{own.pk}/delete").status_code == 403


# Warehouse documents.


def test_a_pz_receives_stock_and_its_page_and_pdf_show(browser, owner):
    product = Product.objects.create(account=owner.account, name="Śruba", price_gross=10)
    assert browser.get("/warehouse_documents/new?kind=pz").status_code == 200
    saved = browser.post(
        "/warehouse_documents/new",
        {
            "kind": "pz",
            "issue_date": "2026-03-02",
            "actions-count": "2",
            "actions-0-product": str(product.pk),
            "actions-0-quantity": "12",
            "actions-0-price": "2,50",
            "actions-0-tax": "23",
        },
    )
    document = WarehouseDocument.objects.get(account=owner.account)
    assert saved["Location"] == f"/warehouse_documents/{document.pk}/"
    assert (document.kind, document.number) == ("pz", "PZ/1/03/2026")
    assert document.purchase_price_net == Decimal("30.00")
    assert Stock.objects.get(product=product).quantity == 12
    page = _html(browser.get(saved["Location"]))
    assert "PZ/1/03/2026" in page
    assert f'href="/warehouse_documents/{document.pk}/pdf"' in page
    pdf = browser.get(f"/warehouse_documents/{document.pk}/pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_wz_beyond_a_limited_products_stock_is_refused_naming_the_product(browser, owner):
    product = Product.objects.create(
        account=owner.account, name="Limitowany", price_gross=10, limited=True
    )
    _receipt(owner.account, product, quantity="3")
    refused = browser.post(
        "/warehouse_documents/new",
        {
            "kind": "wz",
            "description": "Dla klienta",
            "actions-count": "1",
            "actions-0-product": str(product.pk),
            "actions-0-quantity": "5",
            "actions-0-price": "",
            "actions-0-tax": "23",
        },
    )
    assert refused.status_code == 422
    html = _html(refused)
    assert "Limitowany: dostępne 3, żądane 5" in html
    assert 'value="5"' in html
    assert "Dla klienta" in html
    assert WarehouseDocument.objects.filter(account=owner.account).count() == 1
    assert Stock.objects.get(product=product).quantity == 3


def test_a_row_without_a_quantity_is_refused_on_its_field(browser, owner):
    product = Product.objects.create(account=owner.account, name="Śruba", price_gross=10)
    refused = browser.post(
        "/warehouse_documents/new",
        {
            "kind": "pw",
            "actions-count": "2",
            "actions-0-product": "",
            "actions-1-product": str(product.pk),
            "actions-1-quantity": "0",
        },
    )
    assert refused.status_code == 422
    html = _html(refused)
    errors = html.index("errorlist", html.index('id="wa-1-quantity"'))
    assert errors < html.index('id="wa-1-price"')


def test_documents_are_filtered_by_kind_edited_and_deleted_with_their_stock(browser, owner):
    product = Product.objects.create(account=owner.account, name="Śruba", price_gross=10)
    receipt = _receipt(owner.account, product, quantity="10")
    issue = warehouse_document_create(
        account=owner.account,
        data={"kind": "rw", "warehouse_actions": [{"product_id": product.pk, "quantity": 4}]},
    )
    only_rw = _html(browser.get("/warehouse_documents/?kind=rw", HTTP_HX_REQUEST="true"))
    assert issue.number in only_rw
    assert receipt.number not in only_rw
    form = _html(browser.get(f"/warehouse_documents/{issue.pk}/edit"))
    assert 'value="4"' in form
    browser.post(
        f"/warehouse_documents/{issue.pk}/edit",
        {
            "issue_date": issue.issue_date.isoformat(),
            "actions-count": "1",
            "actions-0-product": str(product.pk),
            "actions-0-quantity": "6",
            "actions-0-tax": "23",
        },
    )
    assert Stock.objects.get(product=product).quantity == 4
    issue.refresh_from_db()
    assert issue.kind == "rw"
    browser.post(f"/warehouse_documents/{issue.pk}/delete")
    assert not WarehouseDocument.objects.filter(pk=issue.pk).exists()
    assert Stock.objects.get(product=product).quantity == 10


def test_another_accounts_document_is_not_found_and_accountants_read_only(
    browser, accountant, owner, other_owner
):
    foreign_product = Product.objects.create(account=other_owner.account, name="Obcy")
    foreign = _receipt(other_owner.account, foreign_product)
    own = _receipt(owner.account, Product.objects.create(account=owner.account, name="Własny"))
    for path in ("/", "/edit", "/pdf"):
        assert browser.get(f"/warehouse_documents/{foreign.pk}{path}").status_code == 404
    assert browser.post(f"/warehouse_documents/{foreign.pk}/edit", {}).status_code == 404
    assert browser.post(f"/warehouse_documents/{foreign.pk}/delete").status_code == 404
    assert WarehouseDocument.objects.filter(pk=foreign.pk).exists()
    assert f"/warehouse_documents/{foreign.pk}/" not in _html(browser.get("/warehouse_documents/"))
    assert f"/warehouse_documents/{own.pk}/" in _html(browser.get("/warehouse_documents/"))
    # A product of another account cannot be received either: the service names it.
    refused = browser.post(
        "/warehouse_documents/new",
        {
            "kind": "pz",
            "actions-count": "1",
            "actions-0-product": str(foreign_product.pk),
            "actions-0-quantity": "1",
        },
    )
    assert refused.status_code == 422
    assert accountant.get(f"/warehouse_documents/{own.pk}/").status_code == 200
    assert accountant.get(f"/warehouse_documents/{own.pk}/pdf").status_code == 200
    assert accountant.post(f"/warehouse_documents/{own.pk}/delete").status_code == 403
    assert accountant.post("/warehouse_documents/new", {"kind": "pz"}).status_code == 403


# Payments.


def test_a_payment_settles_the_invoices_ticked(browser, owner):
    invoice = numbered_invoice(owner)
    assert invoice.price_gross == Decimal("123.00")
    form = _html(browser.get("/payments/new"))
    assert invoice.number in form
    saved = browser.post(
        "/payments/new",
        {
            "name": "Przelew 1",
            "price": "123,00",
            "currency": "PLN",
            "paid": "on",
            "paid_date": "2026-03-05",
            "invoice_ids": [str(invoice.pk)],
        },
    )
    assert saved["Location"] == "/payments/"
    payment = Payment.objects.get(account=owner.account)
    assert payment.price == Decimal("123.00")
    assert payment.user == owner.user
    invoice.refresh_from_db()
    assert (invoice.paid, invoice.status, invoice.paid_date) == (
        Decimal("123.00"),
        "paid",
        dt.date(2026, 3, 5),
    )
    listing = _html(browser.get("/payments/?q=przelew", HTTP_HX_REQUEST="true"))
    assert "Przelew 1" in listing
    assert invoice.number in listing
    assert "<html" not in listing


def test_a_payment_with_a_bad_amount_keeps_the_input(browser, owner):
    invoice = numbered_invoice(owner)
    refused = browser.post(
        "/payments/new",
        {"name": "Zła kwota", "price": "-5", "paid": "on", "invoice_ids": [str(invoice.pk)]},
    )
    assert refused.status_code == 422
    html = _html(refused)
    assert 'value="Zła kwota"' in html
    assert 'value="-5"' in html
    assert "errorlist" in html
    assert not Payment.objects.filter(account=owner.account).exists()
    invoice.refresh_from_db()
    assert invoice.status == "issued"


def test_a_payment_edited_to_unpaid_and_deleted_reopens_its_invoice(browser, owner):
    invoice = numbered_invoice(owner)
    payment = payment_create(
        account=owner.account,
        user=owner.user,
        data={"name": "Wpłata", "price": Decimal(123), "paid": True, "invoice_ids": [invoice.pk]},
    )
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    form = _html(browser.get(f"/payments/{payment.pk}/edit"))
    assert f'value="{invoice.pk}"' in form
    assert "checked" in form
    browser.post(
        f"/payments/{payment.pk}/edit",
        {"name": "Wpłata", "price": "100", "paid": "on", "invoice_ids": [str(invoice.pk)]},
    )
    invoice.refresh_from_db()
    assert (invoice.paid, invoice.status) == (Decimal("100.00"), "partial")
    browser.post(f"/payments/{payment.pk}/delete")
    assert not Payment.objects.filter(pk=payment.pk).exists()
    invoice.refresh_from_db()
    assert (invoice.paid, invoice.status) == (Decimal("0.00"), "issued")


def test_another_accounts_payment_and_invoices_stay_out_and_accountants_read_only(
    browser, accountant, owner, other_owner
):
    foreign_invoice = numbered_invoice(other_owner)
    foreign = payment_create(account=other_owner.account, user=None, data={"name": "Obca"})
    own = payment_create(account=owner.account, user=None, data={"name": "Własna"})
    assert browser.get(f"/payments/{foreign.pk}/edit").status_code == 404
    assert browser.post(f"/payments/{foreign.pk}/edit", {"name": "X"}).status_code == 404
    assert browser.post(f"/payments/{foreign.pk}/delete").status_code == 404
    assert "Obca" not in _html(browser.get("/payments/"))
    own_invoice = numbered_invoice(owner)
    offered = _html(browser.get("/payments/new"))
    assert f'value="{own_invoice.pk}"' in offered
    assert f'value="{foreign_invoice.pk}"' not in offered
    refused = browser.post(
        "/payments/new", {"name": "Cudza", "price": "1", "invoice_ids": [str(foreign_invoice.pk)]}
    )
    assert refused.status_code == 422
    assert not Payment.objects.filter(account=owner.account, name="Cudza").exists()
    assert accountant.get(f"/payments/{own.pk}/edit").status_code == 200
    assert accountant.post("/payments/new", {"name": "A"}).status_code == 403
    assert accountant.post(f"/payments/{own.pk}/edit", {"name": "A"}).status_code == 403
    assert accountant.post(f"/payments/{own.pk}/delete").status_code == 403


def test_a_department_limited_member_sees_only_their_departments_documents(owner):
    north = factories.department(owner, "Północ")
    south = factories.department(owner, "Południe")
    member = factories.member(owner, role="member")
    member.departments.add(north)
    browser = _browser(member.user.email)
    theirs = payment_create(
        account=owner.account, user=None, data={"name": "Wpłata Północ", "department_id": north.pk}
    )
    other = payment_create(
        account=owner.account,
        user=None,
        data={"name": "Wpłata Południe", "department_id": south.pk},
    )
    listed = _html(browser.get("/payments/"))
    assert "Wpłata Północ" in listed
    assert "Wpłata Południe" not in listed
    assert browser.get(f"/payments/{theirs.pk}/edit").status_code == 200
    assert browser.get(f"/payments/{other.pk}/edit").status_code == 404
    assert browser.post(f"/payments/{other.pk}/delete").status_code == 404
    assert Payment.objects.filter(pk=other.pk).exists()

    warehouse = Warehouse.objects.create(account=owner.account, name="Główny")
    product = Product.objects.create(account=owner.account, name="Śruba")
    documents = {}
    for department in (north, south):
        documents[department.name] = warehouse_document_create(
            account=owner.account,
            data={
                "kind": "pz",
                "warehouse_id": warehouse.pk,
                "department_id": department.pk,
                "warehouse_actions": [{"product_id": product.pk, "quantity": Decimal(1)}],
            },
        )
    assert browser.get(f"/warehouse_documents/{documents['Północ'].pk}/").status_code == 200
    hidden = documents["Południe"].pk
    for path in ("/", "/pdf", "/edit"):
        assert browser.get(f"/warehouse_documents/{hidden}{path}").status_code == 404
    assert browser.post(f"/warehouse_documents/{hidden}/delete").status_code == 404
    assert WarehouseDocument.objects.filter(pk=hidden).exists()
