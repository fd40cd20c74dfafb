"""The invoice form: new and changed invoices, live totals and rows, buyers, corrections."""

import json
import re
from decimal import Decimal

import pytest
from django.test import Client

from faktura.catalog.services.clients import client_create
from faktura.catalog.services.products import product_create
from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices
from faktura.tests import factories
from faktura.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOST = "acme.faktura.test"


def _browser(login: str, host: str = HOST) -> Client:
    browser = Client(HTTP_HOST=host, HTTP_ACCEPT="text/html")
    response = browser.post("/login", {"login": login, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return browser


@pytest.fixture
def browser(owner) -> Client:
    return _browser(owner.user.login)


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _form(**fields) -> dict:
    data = {
        "kind": "vat",
        "issue_date": "2026-11-22",
        "payment_type": "transfer",
        "currency": "PLN",
        "lang": "pl",
        "buyer_name": "Klient Panelowy sp. z o.o.",
        "buyer_tax_no": "6272616681",
        "positions-0-name": "Usługa",
        "positions-0-quantity": "1",
        "positions-0-price_net": "100",
        "positions-0-tax": "23",
        "positions-1-name": "Książka",
        "positions-1-quantity": "2",
        "positions-1-price_net": "25",
        "positions-1-tax": "5",
    }
    data.update(fields)
    return data


def test_a_vat_invoice_with_two_rates_is_issued_from_the_form(browser, owner):
    response = browser.post("/invoices/new", _form())
    assert response.status_code == 302
    invoice = Invoice.objects.get(account=owner.account)
    assert response["Location"] == f"/invoices/{invoice.pk}"
    assert (invoice.price_net, invoice.price_tax, invoice.price_gross) == (
        Decimal("150.00"),
        Decimal("25.50"),
        Decimal("175.50"),
    )
    page = browser.get(response["Location"]).content.decode()
    assert "23% 100,00" not in page  # the page shows a table, not text runs
    assert "100,00" in page
    assert "23,00" in page
    assert "2,50" in page
    assert "175,50" in page


def test_a_refused_row_keeps_what_was_typed_and_says_why(browser, owner):
    response = browser.post("/invoices/new", _form(**{"positions-1-quantity": "dwa"}))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="dwa"' in html
    assert 'value="Klient Panelowy sp. z o.o."' in html
    assert "Książka" in html
    assert not Invoice.objects.filter(account=owner.account).exists()


def test_the_totals_follow_what_is_typed(browser):
    response = browser.post("/invoices/form/totals", _form(), HTTP_HX_REQUEST="true")
    text = _text(response)
    # 23%: 100.00 + 23.00; 5%: 2 × 25.00 = 50.00 + 2.50; total 175.50.
    assert "23% 100,00 23,00 123,00" in text
    assert "5% 50,00 2,50 52,50" in text
    assert "150,00 25,50 175,50 PLN" in text
    bad = browser.post(
        "/invoices/form/totals", _form(**{"positions-1-tax": "99,999"}), HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 200
    assert "Pozycja 2" in bad.content.decode()


def test_a_correction_from_the_panel_stores_both_sides(browser, owner):
    browser.post("/invoices/new", _form())
    corrected = Invoice.objects.get(account=owner.account)
    form = browser.get(f"/invoices/{corrected.pk}/correction").content.decode()
    assert "Usługa" in form
    response = browser.post(
        f"/invoices/{corrected.pk}/correction",
        {
            "correction_reason": "Rabat",
            "after-0-quantity": "1",
            "after-0-price_net": "80.00",
            "after-0-tax": "23",
            "after-1-quantity": "2",
            "after-1-price_net": "25.00",
            "after-1-tax": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    correction = Invoice.objects.get(account=owner.account, kind="correction")
    # Only the first line changed: net 100 → 80 at 23%: −20.00 net, −4.60 VAT.
    assert (correction.price_net, correction.price_gross) == (Decimal("-20.00"), Decimal("-24.60"))
    assert correction.correction_reason == "Rabat"


# --- the buyer ------------------------------------------------------------------------


@pytest.fixture
def client(owner):
    return client_create(
        account=owner.account,
        data={
            "name": "Alfa Handel sp. z o.o.",
            "tax_no": "6272616681",
            "street": "Długa 1",
            "post_code": "00-001",
            "city": "Warszawa",
            "email": "alfa@example.com",
        },
    )


def test_the_client_search_finds_this_accounts_clients_only(browser, client, other_owner):
    client_create(account=other_owner.account, data={"name": "Alfa Obca sp. z o.o."})
    found = _text(browser.get("/invoices/form/clients?buyer_search=alfa"))
    assert "Alfa Handel sp. z o.o." in found
    assert "Obca" not in found
    assert "Alfa Handel" in _text(browser.get("/invoices/form/clients?buyer_search=627261"))
    assert "Alfa Handel" in _text(browser.get("/invoices/form/clients?buyer_search=warsz"))
    assert "Alfa" not in _text(browser.get("/invoices/form/clients?buyer_search=a"))
    nothing = _text(browser.get("/invoices/form/clients?buyer_search=zeta"))
    assert "Nie znaleziono klienta" in nothing


def test_a_known_tax_number_offers_its_client(browser, client):
    known = browser.get("/invoices/form/clients?buyer_tax_no=PL 627-261-66-81")
    assert f"client_id={client.pk}" in known.content.decode()
    assert "już istnieje" in _text(known)
    unknown = _text(browser.get("/invoices/form/clients?buyer_tax_no=5252445767"))
    assert "Alfa" not in unknown
    assert "nie ma jeszcze" in unknown


def test_a_picked_client_fills_the_buyer_fields(browser, client, other_owner):
    html = browser.get(f"/invoices/form/buyer?client_id={client.pk}").content.decode()
    assert f'name="client_id" value="{client.pk}"' in html
    for value in ("Alfa Handel sp. z o.o.", "6272616681", "Długa 1", "00-001", "alfa@example.com"):
        assert f'value="{value}"' in html
    foreign = client_create(account=other_owner.account, data={"name": "Obcy Klient"})
    other = browser.get(f"/invoices/form/buyer?client_id={foreign.pk}").content.decode()
    assert "Obcy Klient" not in other
    assert 'name="client_id" value=""' in other


def test_the_picked_client_is_linked_and_what_was_typed_over_it_is_the_buyer(
    browser, owner, client
):
    fields = _form(client_id=str(client.pk), buyer_name="Alfa Handel (oddział)", buyer_tax_no="")
    response = browser.post("/invoices/new", fields)
    assert response.status_code == 302
    invoice = Invoice.objects.get(account=owner.account)
    assert invoice.client_id == client.pk
    assert invoice.buyer_name == "Alfa Handel (oddział)"
    assert invoice.buyer_city == "Warszawa"  # not in the form: the client's


def test_another_accounts_client_is_refused_on_its_field(browser, owner, other_owner):
    foreign = client_create(account=other_owner.account, data={"name": "Obcy Klient"})
    response = browser.post("/invoices/new", _form(client_id=str(foreign.pk)))
    assert response.status_code == 422
    assert not Invoice.objects.filter(account=owner.account).exists()


# --- rows: products, discounts, removal -----------------------------------------------


@pytest.fixture
def product(owner):
    return product_create(
        account=owner.account,
        data={
            "name": "Abonament",
            "price_net": Decimal("49.99"),
            "tax": "8",
            "quantity_unit": "mies.",
        },
    )


def test_a_product_fills_its_row_and_keeps_the_quantity(browser, product, other_owner):
    response = browser.get(
        f"/invoices/form/row?index=2&positions-2-product_id={product.pk}&positions-2-quantity=3"
        "&positions-2-id=77"
    )
    html = response.content.decode()
    assert 'id="row-2"' in html
    for value in ("Abonament", "49.99", "mies.", "3", "77"):
        assert f'value="{value}"' in html
    assert '<option value="8" selected>' in html
    assert json.loads(response["HX-Trigger-After-Settle"]) == {
        "invoice-rows-changed": {"target": "#totals"}
    }
    foreign = product_create(
        account=other_owner.account, data={"name": "Obcy", "price_net": Decimal(1)}
    )
    other = browser.get(f"/invoices/form/row?index=0&positions-0-product_id={foreign.pk}")
    assert "Obcy" not in other.content.decode()
    assert "HX-Trigger-After-Settle" not in other


def test_positions_from_products_with_discounts(browser, owner, product):
    fields = _form(
        discount_kind="percent_unit",
        **{"positions-1-product_id": str(product.pk), "positions-1-discount": "10"},
    )
    totals = _text(browser.post("/invoices/form/totals", fields, HTTP_HX_REQUEST="true"))
    # Row 2: 2 × 25.00 less 10 % = 45.00 net at 5 %.
    assert "5% 45,00 2,25 47,25" in totals
    response = browser.post("/invoices/new", fields)
    assert response.status_code == 302, _text(response)
    invoice = Invoice.objects.get(account=owner.account)
    assert invoice.show_discount
    second = invoice.positions.order_by("order", "id")[1]
    assert second.product_id == product.pk
    assert second.discount_percent == Decimal("10")
    assert second.total_price_net == Decimal("45.00")


def test_a_row_ticked_for_removal_counts_for_nothing(browser, owner):
    fields = _form(**{"positions-1-remove": "1"})
    totals = _text(browser.post("/invoices/form/totals", fields, HTTP_HX_REQUEST="true"))
    assert "100,00 23,00 123,00 PLN" in totals
    browser.post("/invoices/new", fields)
    invoice = Invoice.objects.get(account=owner.account)
    assert [p.name for p in invoice.positions.all()] == ["Usługa"]


def test_errors_land_on_the_row_shown_even_after_removed_or_empty_rows(browser, owner):
    fields = _form(
        **{
            "positions-0-remove": "1",
            "positions-2-name": "",
            "positions-2-quantity": "",
            "positions-2-price_net": "",
            "positions-3-name": "Trzecia",
            "positions-3-quantity": "minus",
            "positions-3-price_net": "5",
        }
    )
    response = browser.post("/invoices/new", fields)
    assert response.status_code == 422
    html = response.content.decode()
    # Shown rows: 0 (removed), 1, 3 → renumbered 0, 1, 2; the error is on the third.
    third = html[html.index('id="row-2"') :]
    assert 'value="minus"' in third[: third.index("</fieldset>")]
    assert "error" in third[: third.index("</fieldset>")]
    assert not Invoice.objects.filter(account=owner.account).exists()


# --- changing a saved invoice ---------------------------------------------------------


@pytest.fixture
def saved(browser, owner) -> Invoice:
    browser.post("/invoices/new", _form(payment_to_kind="14"))
    return Invoice.objects.get(account=owner.account)


def _edit_form(browser, invoice: Invoice) -> dict:
    """The edit form's fields as the page fills them."""
    return _fields(browser.get(f"/invoices/{invoice.pk}/edit").content.decode())


def _fields(html: str) -> dict:
    """What a browser would post from `html`: inputs, ticked boxes, selected options."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        found = re.search(r'name="([^"]+)"[^>]*value="([^"]*)"', tag)
        if found:
            fields[found[1]] = found[2]
    for select, options in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        fields[select] = chosen[1] if chosen else ""
    fields.pop("csrfmiddlewaretoken", None)
    return {
        name: value.replace("&quot;", '"').replace("&amp;", "&") for name, value in fields.items()
    }


def test_the_edit_form_starts_from_the_saved_invoice(browser, saved):
    fields = _edit_form(browser, saved)
    first, second = saved.positions.order_by("order", "id")
    assert fields["buyer_name"] == "Klient Panelowy sp. z o.o."
    assert fields["number"] == saved.number
    assert fields["payment_to_kind"] == "14"
    assert fields["positions-0-id"] == str(first.pk)
    assert fields["positions-1-id"] == str(second.pk)
    assert (fields["positions-1-quantity"], fields["positions-1-price_net"]) == ("2", "25.00")
    assert fields["positions-1-tax"] == "5"


def test_saving_unchanged_changes_nothing(browser, saved):
    before = Invoice.objects.values().get(pk=saved.pk)
    response = browser.post(f"/invoices/{saved.pk}/edit", _edit_form(browser, saved))
    assert response.status_code == 302, _text(response)
    assert response["Location"] == f"/invoices/{saved.pk}"
    assert Invoice.objects.values().get(pk=saved.pk) == before


def test_a_changed_buyer_line_added_line_removed_and_line_kept(browser, saved):
    first, second = saved.positions.order_by("order", "id")
    fields = _edit_form(browser, saved)
    fields.update(
        {
            "buyer_name": "Nowa Nazwa SA",
            "positions-0-quantity": "3",
            "positions-1-remove": "1",
            "positions-2-name": "Dojazd",
            "positions-2-quantity": "1",
            "positions-2-price_net": "40",
            "positions-2-tax": "23",
        }
    )
    response = browser.post(f"/invoices/{saved.pk}/edit", fields)
    assert response.status_code == 302, _text(response)
    saved.refresh_from_db()
    assert saved.buyer_name == "Nowa Nazwa SA"
    lines = list(saved.positions.order_by("order", "id"))
    assert [(line.name, line.quantity) for line in lines] == [
        ("Usługa", Decimal("3")),
        ("Dojazd", Decimal("1")),
    ]
    assert lines[0].pk == first.pk
    assert not saved.positions.filter(pk=second.pk).exists()
    # 300.00 + 40.00 at 23 %.
    assert (saved.price_net, saved.price_gross) == (Decimal("340.00"), Decimal("418.20"))


def test_a_new_payment_term_and_another_client(browser, saved, client):
    fields = _edit_form(browser, saved)
    fields.update({"payment_to_kind": "other_date", "payment_to": "2026-12-31"})
    # Picking the client swaps in its buyer fields.
    fields.update(
        _fields(browser.get(f"/invoices/form/buyer?client_id={client.pk}").content.decode())
    )
    response = browser.post(f"/invoices/{saved.pk}/edit", fields)
    assert response.status_code == 302, _text(response)
    saved.refresh_from_db()
    assert str(saved.payment_to) == "2026-12-31"
    assert saved.client_id == client.pk
    assert (saved.buyer_name, saved.buyer_city) == ("Alfa Handel sp. z o.o.", "Warszawa")


def test_a_refused_change_keeps_the_input_and_changes_nothing(browser, saved):
    before = Invoice.objects.values().get(pk=saved.pk)
    fields = _edit_form(browser, saved)
    fields.update({"buyer_name": "Zmieniona", "positions-1-quantity": "dwa"})
    response = browser.post(f"/invoices/{saved.pk}/edit", fields)
    assert response.status_code == 422
    html = response.content.decode()
    second = html[html.index('id="row-1"') :]
    assert 'value="dwa"' in second[: second.index("</fieldset>")]
    assert 'value="Zmieniona"' in html
    assert Invoice.objects.values().get(pk=saved.pk) == before


def test_removing_every_line_is_refused(browser, saved):
    fields = _edit_form(browser, saved)
    fields.update({"positions-0-remove": "1", "positions-1-remove": "1"})
    response = browser.post(f"/invoices/{saved.pk}/edit", fields)
    assert response.status_code == 422
    assert saved.positions.count() == 2


def test_cancelled_invoices_and_corrections_are_not_edited_in_the_form(browser, owner, saved):
    browser.post(f"/invoices/{saved.pk}/cancel", {"reason": "Pomyłka"})
    response = browser.get(f"/invoices/{saved.pk}/edit")
    assert response["Location"] == f"/invoices/{saved.pk}"
    assert "Edytuj" not in _text(browser.get(f"/invoices/{saved.pk}"))
    assert browser.post(f"/invoices/{saved.pk}/edit", {"buyer_name": "X"}).status_code == 302
    saved.refresh_from_db()
    assert saved.buyer_name == "Klient Panelowy sp. z o.o."


def test_a_department_limited_member_cannot_edit_other_departments_invoices(owner, signed_in):
    north = factories.department(owner, "Północ")
    member = factories.member(owner, role="member")
    member.departments.add(factories.department(owner, "Południe"))
    elsewhere = factories_invoices.numbered_invoice(owner, department_id=north.pk)
    browser = signed_in(member.user.email)
    assert browser.get(f"/invoices/{elsewhere.pk}/edit").status_code == 404
    assert browser.post(f"/invoices/{elsewhere.pk}/edit", {"buyer_name": "X"}).status_code == 404


def test_a_department_limited_member_issues_in_their_departments_only(owner, signed_in):
    north = factories.department(owner, "Północ")
    south = factories.department(owner, "Południe")
    member = factories.member(owner, role="member")
    member.departments.add(north)
    browser = signed_in(member.user.email)
    form = browser.get("/invoices/new").content.decode()
    assert f'<option value="{north.pk}" selected>Północ</option>' in form
    assert "Południe" not in form
    refused = browser.post("/invoices/new", _form(department_id=str(south.pk)))
    assert refused.status_code == 422
    assert "wybierz jeden ze swoich działów" in _text(refused)
    assert not Invoice.objects.filter(account=owner.account).exists()
    issued = browser.post("/invoices/new", _form(department_id=str(north.pk)))
    invoice = Invoice.objects.get(account=owner.account)
    assert invoice.department_id == north.pk
    assert browser.get(issued["Location"]).status_code == 200
