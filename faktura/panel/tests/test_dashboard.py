"""The dashboard: this month's sales and costs, what is waiting for payment and overdue,
the latest documents, each linked to its page, within the member's departments."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices
from faktura.tests import factories

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _invoice(owner, **fields) -> Invoice:
    return factories_invoices.numbered_invoice(owner, **fields)


def test_sales_costs_and_what_is_unpaid(owner, signed_in):
    _invoice(owner, issue_date=TODAY, buyer_name="Alfa SA")  # 123.00, unpaid, due in 7 days
    _invoice(owner, issue_date=TODAY, buyer_name="Beta SA", paid=Decimal("23.00"))
    _invoice(owner, issue_date=TODAY, income=False, buyer_name="Dostawca SA")  # a cost
    _invoice(owner, issue_date=TODAY, kind="proforma", buyer_name="Oferta SA")  # no sale
    _invoice(owner, issue_date=TODAY, cancelled=True, buyer_name="Anulowana SA")
    late = _invoice(
        owner,
        issue_date=dt.date(2026, 10, 1),
        payment_to=dt.date(2026, 10, 15),
        buyer_name="Spóźniony SA",
    )
    paid = _invoice(owner, issue_date=TODAY, buyer_name="Zapłacony SA")
    Invoice.objects.filter(pk=paid.pk).update(status="paid", paid=paid.price_gross)

    response = signed_in(owner.user.login).get("/")
    text = _text(response)
    # Sales: three VAT invoices of this month (123.00 each); October's is not this month's.
    assert "Sprzedaż w tym miesiącu 369,00 PLN" in text
    assert "Koszty w tym miesiącu 123,00 PLN" in text
    # Unpaid: 123.00 (Alfa) + 100.00 (Beta) + 123.00 (late) = 346.00, one overdue.
    assert "Nieopłacone 346,00 PLN" in text
    assert "Po terminie: 1" in text
    waiting = text.split("Czekają na zapłatę", 1)[1].split("Ostatnie dokumenty", 1)[0]
    for buyer in ("Spóźniony SA", "Alfa SA", "Beta SA"):
        assert buyer in waiting
    for buyer in ("Zapłacony SA", "Anulowana SA", "Oferta SA", "Dostawca SA"):
        assert buyer not in waiting
    assert waiting.index("Spóźniony SA") < waiting.index("Alfa SA")  # the oldest term first
    html = response.content.decode()
    assert f'href="/invoices/{late.pk}"' in html
    assert f'href="/invoices/{paid.pk}"' in html  # among the latest documents


def test_a_department_limited_member_sees_their_departments_figures(owner, signed_in):
    north = factories.department(owner, "Północ")
    south = factories.department(owner, "Południe")
    _invoice(owner, issue_date=TODAY, department_id=north.pk, buyer_name="Klient Północ")
    _invoice(owner, issue_date=TODAY, department_id=south.pk, buyer_name="Klient Południe")
    member = factories.member(owner)
    member.departments.add(north)
    text = _text(signed_in(member.user.email).get("/"))
    assert "Sprzedaż w tym miesiącu 123,00 PLN" in text
    assert "Klient Północ" in text
    assert "Klient Południe" not in text
