"""The panel's invoices: list, page, actions, the form with live totals, corrections."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from faktura.delivery.models import OutgoingEmail
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


def test_the_list_filters_and_searches_through_a_fragment(browser, owner):
    factories_invoices.numbered_invoice(owner, buyer_name="Alfa SA")
    factories_invoices.numbered_invoice(owner, buyer_name="Beta SA", kind="proforma")
    page = browser.get("/invoices/").content.decode()
    assert "Alfa SA" in page
    assert "Beta SA" in page
    fragment = browser.get("/invoices/?q=alfa", HTTP_HX_REQUEST="true").content.decode()
    assert "Alfa SA" in fragment
    assert "Beta SA" not in fragment
    assert "<html" not in fragment
    kinds = browser.get("/invoices/?kind=proforma").content.decode()
    assert "Beta SA" in kinds
    assert "Alfa SA" not in kinds


def test_the_pdf_downloads_in_each_print_option(browser, owner):
    invoice = factories_invoices.numbered_invoice(owner)
    for option in ("original", "copy", "original_and_copy", "duplicate"):
        response = browser.get(f"/invoices/{invoice.pk}/pdf?print_option={option}")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
    assert browser.get(f"/invoices/{invoice.pk}/pdf?print_option=kopia").status_code == 400


def test_sending_recording_a_payment_and_cancelling(browser, owner):
    invoice = factories_invoices.numbered_invoice(owner)
    sent = browser.post(
        f"/invoices/{invoice.pk}/send",
        {"email_to": "kupiec@example.com", "email_pdf": "on", "print_option": "original"},
    )
    assert sent.status_code == 302
    (email,) = OutgoingEmail.objects.filter(invoice=invoice)
    assert email.to == ["kupiec@example.com"]
    invoice.refresh_from_db()
    assert invoice.status == "sent"
    refused = browser.post(f"/invoices/{invoice.pk}/send", {"email_to": "nie-adres"}, follow=True)
    assert "nie-adres" in refused.content.decode()

    browser.post(f"/invoices/{invoice.pk}/pay", {"price": "23,00"})
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid) == ("partial", Decimal("23.00"))
    browser.post(f"/invoices/{invoice.pk}/pay", {"price": ""})
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid) == ("paid", Decimal("123.00"))
    page = browser.get(f"/invoices/{invoice.pk}").content.decode()
    assert "kupiec@example.com" in page

    other = factories_invoices.numbered_invoice(owner)
    browser.post(f"/invoices/{other.pk}/cancel", {"reason": "Pomyłka"})
    other.refresh_from_db()
    assert other.cancelled


def test_delete_goes_through_the_service(browser, owner):
    first = factories_invoices.numbered_invoice(owner)
    response = browser.post(f"/invoices/{first.pk}/delete")
    assert response["Location"] == "/invoices/"
    assert not Invoice.objects.filter(pk=first.pk).exists()


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


def test_another_accounts_invoice_is_not_found_on_any_route(browser, other_owner):
    foreign = factories_invoices.numbered_invoice(other_owner)
    for path in ("", "/pdf", "/correction"):
        assert browser.get(f"/invoices/{foreign.pk}{path}").status_code == 404
    for path in ("/send", "/pay", "/status", "/cancel", "/delete"):
        assert browser.post(f"/invoices/{foreign.pk}{path}").status_code == 404
    foreign.refresh_from_db()
    assert not foreign.cancelled


def test_an_accountant_reads_invoices_but_changes_nothing(owner):
    invoice = factories_invoices.numbered_invoice(owner)
    accountant = factories.member(owner, role="accountant")
    browser = _browser(accountant.user.email)
    page = browser.get(f"/invoices/{invoice.pk}")
    assert page.status_code == 200
    assert "Wyślij" not in page.content.decode()
    assert browser.post(f"/invoices/{invoice.pk}/cancel").status_code == 403
    assert browser.post("/invoices/new", _form()).status_code == 403
