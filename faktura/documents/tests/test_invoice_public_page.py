"""GET /invoice/{token}: the invoice's public page, for a buyer who has the link and no login."""

import base64
import datetime as dt
import hashlib
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from faktura.invoicing.models import Invoice, InvoiceBankAccount, SettlementPosition
from faktura.invoicing.services.status import invoice_cancel
from faktura.invoicing.tests import factories_invoices as factories
from faktura.tests import factories as account_factories

pytestmark = pytest.mark.django_db

SANTANDER = "PL61 1090 1014 0000 0712 1981 2874"


def _page(client, invoice) -> str:
    response = client.get(f"/invoice/{invoice.token}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return response.content.decode()


def _text(html: str) -> str:
    """The page's visible text, tags removed and whitespace collapsed."""
    body = html.split("</head>", 1)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _with_bank_account(invoice: Invoice) -> Invoice:
    InvoiceBankAccount.objects.create(
        account=invoice.account,
        invoice=invoice,
        bank_name="Santander",
        bank_account_number=SANTANDER,
    )
    return invoice


def test_the_page_shows_the_number_dates_parties_lines_and_vat_per_rate(client, owner):
    invoice = factories.numbered_invoice(
        owner,
        lines=[
            factories.line("Konsultacje", quantity="2", price_net="150.00", tax="23"),
            factories.line("Książka", price_net="50.00", tax="5"),
        ],
        issue_date=dt.date(2026, 3, 10),
        sell_date=dt.date(2026, 3, 9),
    )
    html = _page(client, invoice)
    text = _text(html)
    assert '<html lang="pl">' in html
    assert f"Faktura VAT nr {invoice.number}" in text
    assert "Data wystawienia 2026-03-10" in text
    assert "Data sprzedaży 2026-03-09" in text
    assert "Sprzedawca Acme sp. z o.o. ul. Olesińska 21 02-548 Warszawa PL NIP: 5252445767" in text
    assert "Nabywca Klient1 sp. z o.o. Nowa 44 30-314 Kraków PL NIP: 6272616681" in text
    assert "1 Konsultacje 2 150,00 300,00 23% 69,00 369,00" in text
    assert "2 Książka 1 50,00 50,00 5% 2,50 52,50" in text
    # The VAT summary: one row per rate, then the totals.
    assert "23% 300,00 69,00 369,00 5% 50,00 2,50 52,50 Razem 350,00 71,50 421,50" in text
    assert "Razem brutto 421,50 PLN" in text
    assert "Słownie: czterysta dwadzieścia jeden złotych pięćdziesiąt groszy" in text
    # Every column of the lines is named by a header cell.
    assert html.count('<th scope="col" role="columnheader"') == 9


def test_an_unpaid_invoice_asks_for_what_is_left_with_the_bank_transfer_data(client, owner):
    invoice = factories.numbered_invoice(owner, paid=Decimal("20.00"), status="partial")
    _with_bank_account(invoice)
    SettlementPosition.objects.create(
        account=owner.account, invoice=invoice, kind="charge", amount=Decimal("10.00")
    )
    text = _text(_page(client, invoice))
    # 123.00 gross + 10.00 charge − 20.00 paid.
    assert "Pozostało do zapłaty: 113,00 PLN" in text
    assert "Zapłacono 20,00 PLN" in text
    assert f"Odbiorca Acme sp. z o.o. Numer konta (Santander) {SANTANDER}" in text
    assert f"Tytuł przelewu {invoice.number} Kwota 113,00 PLN" in text
    assert f"Termin płatności: {invoice.payment_to.isoformat()}" in text
    assert "Termin płatności minął" not in text


def test_the_sellers_account_number_is_used_when_the_invoice_has_no_bank_account_rows(
    client, owner
):
    invoice = factories.numbered_invoice(
        owner, seller_bank="mBank", seller_bank_account="PL27 1140 2004 0000 3002 0135 5387"
    )
    text = _text(_page(client, invoice))
    assert "Numer konta (mBank) PL27 1140 2004 0000 3002 0135 5387" in text


def test_a_payment_term_in_the_past_is_marked_overdue(client, owner):
    today = timezone.localdate()
    invoice = factories.numbered_invoice(
        owner, issue_date=today - dt.timedelta(days=30), payment_to=today - dt.timedelta(days=1)
    )
    text = _text(_page(client, invoice))
    assert "(po terminie)" in text
    assert "Termin płatności minął." in text


def test_a_paid_invoice_asks_for_no_payment(client, owner):
    invoice = _with_bank_account(
        factories.numbered_invoice(owner, status="paid", paid=Decimal("123.00"))
    )
    text = _text(_page(client, invoice))
    assert "Opłacono. Dziękujemy." in text
    assert "Pozostało do zapłaty" not in text
    assert "Tytuł przelewu" not in text
    assert SANTANDER not in text


def test_a_cancelled_invoice_is_marked_and_asks_for_no_payment(client, owner):
    invoice = _with_bank_account(factories.numbered_invoice(owner))
    invoice = invoice_cancel(account=owner.account, id=invoice.pk, reason="Pomyłka")
    text = _text(_page(client, invoice))
    assert "Ten dokument został anulowany. Nie należy go opłacać." in text
    assert "Pozostało do zapłaty" not in text
    assert SANTANDER not in text
    assert invoice.number in text


def test_the_page_links_to_the_pdf_download_and_view(client, owner):
    invoice = factories.numbered_invoice(owner)
    html = _page(client, invoice)
    assert f'href="/invoice/{invoice.token}.pdf" download>Pobierz PDF</a>' in html
    assert f'href="/invoice/{invoice.token}.pdf?inline=yes">Zobacz PDF</a>' in html


def test_notes_and_the_footer_are_shown(client, owner):
    invoice = factories.numbered_invoice(
        owner, description="Dziękujemy za zakupy", description_footer="Stopka firmy"
    )
    text = _text(_page(client, invoice))
    assert "Uwagi Dziękujemy za zakupy Stopka firmy" in text


def test_the_departments_logo_is_shown_when_it_has_one(client, owner):
    department = account_factories.department(owner, "Sklep")
    department.logo = "logos/0123456789abcdef0123456789abcdef.png"
    department.save()
    with_logo = factories.numbered_invoice(owner, department_id=department.pk)
    without = factories.numbered_invoice(owner)
    assert (
        '<img class="logo" src="/media/logos/0123456789abcdef0123456789abcdef.png" '
        'alt="Logo: Acme sp. z o.o.">'
    ) in _page(client, with_logo)
    assert "<img" not in _page(client, without)


HOSTILE = '<script>alert("x")</script>\'"&'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#x27;&quot;&amp;"


def test_whatever_the_seller_or_buyer_typed_is_escaped(client, owner):
    department = account_factories.department(owner, "Sklep")
    department.logo = "logos/0123456789abcdef0123456789abcdef.png"
    department.save()
    invoice = factories.numbered_invoice(
        owner,
        department_id=department.pk,
        lines=[factories.line(f"Pozycja {HOSTILE}")],
        buyer_name=f"Nabywca {HOSTILE}",
        seller_name=f"Sprzedawca {HOSTILE}",
        description=f"Uwaga {HOSTILE}\ndruga linia",
        place=HOSTILE,
    )
    html = _page(client, invoice)
    assert "<script" not in html
    assert HOSTILE not in html
    assert f"Pozycja {ESCAPED}" in html
    assert f"Nabywca {ESCAPED}" in html
    assert f"Uwaga {ESCAPED}<br>druga linia" in html
    assert f"Sprzedawca {ESCAPED}" in html
    # Also inside an attribute: the logo's text names the seller.
    assert f'alt="Logo: Sprzedawca {ESCAPED}"' in html


def test_the_page_keeps_out_of_search_engines_referrers_and_caches(client, owner):
    response = client.get(f"/invoice/{factories.numbered_invoice(owner).token}")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_content_security_policy_allows_only_the_pages_own_style_and_no_script(client, owner):
    response = client.get(f"/invoice/{factories.numbered_invoice(owner).token}")
    html = response.content.decode()
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    (style,) = re.findall(r"<style>(.*?)</style>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert policy == {
        "default-src": "'none'",
        "style-src": f"'sha256-{digest}'",
        "img-src": "'self'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": "'none'",
    }
    assert "<script" not in html
    assert " style=" not in html
    # No external resources: nothing is loaded from another origin.
    assert "http://" not in html
    assert "https://" not in html


@pytest.mark.parametrize(
    ("lang", "html_lang", "title", "label"),
    [
        ("en", "en", "VAT invoice No.", "Buyer"),
        ("de", "en", "Rechnung No.", "Buyer"),
        ("pl/en", "pl", "Faktura VAT / VAT invoice nr", "Nabywca"),
        ("uk", "uk", "Рахунок-фактура ПДВ №", "Покупець"),
        ("", "pl", "Faktura VAT nr", "Nabywca"),
    ],
)
def test_the_page_speaks_the_invoices_language(client, owner, lang, html_lang, title, label):
    invoice = factories.numbered_invoice(owner, lang=lang)
    response = client.get(f"/invoice/{invoice.token}", HTTP_ACCEPT_LANGUAGE="pl")
    html = response.content.decode()
    assert f'<html lang="{html_lang}">' in html
    assert response["Content-Language"] == html_lang
    assert f"{title} {invoice.number}" in _text(html)
    assert f'<h2 id="party-2">{label}</h2>' in html


def test_an_english_page_has_english_labels_and_amount_in_words(client, owner):
    invoice = factories.numbered_invoice(owner, lang="en")
    text = _text(_page(client, invoice))
    assert "Issue date" in text
    assert "Amount due: 123.00 PLN" in text
    assert "In words: one hundred twenty-three zlotys and zero groszy" in text
    assert "Download PDF" in text


def test_a_ukrainian_page_says_the_amount_in_ukrainian(client, owner):
    invoice = factories.numbered_invoice(owner, lang="uk")
    text = _text(_page(client, invoice))
    assert "Прописом: сто двадцять три злоті нуль грошів" in text


def test_the_page_needs_no_login_and_takes_only_reads(owner):
    invoice = factories.numbered_invoice(owner)
    anonymous = Client(HTTP_HOST="app.faktura.test")
    assert anonymous.get(f"/invoice/{invoice.token}").status_code == 200
    assert anonymous.head(f"/invoice/{invoice.token}").status_code == 200
    assert anonymous.post(f"/invoice/{invoice.token}").status_code == 405
