"""DELETE /invoices/{id}.json: gone with everything it holds; the last number goes back."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from faktura.catalog.models import Department
from faktura.invoicing.models import (
    Invoice,
    InvoiceBankAccount,
    InvoiceDescription,
    InvoicePosition,
    NumberCounter,
    SettlementPosition,
)
from faktura.invoicing.numbering import Pattern
from faktura.invoicing.series import number_take
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 22)


def _delete(client, owner, invoice_id, fmt="json"):
    return client.delete(f"/invoices/{invoice_id}.{fmt}?api_token={owner.api_token}")


def _counter(owner, series="vat|nr-m/mm/yyyy", period="2026-11") -> int:
    return NumberCounter.objects.get(account=owner.account, series=series, period=period).last


def test_deleting_answers_ok_and_removes_the_invoice_with_all_it_holds(client, owner):
    invoice = factories.invoice(owner, lines=[factories.line("A"), factories.line("B")])
    InvoiceDescription.objects.create(account=owner.account, invoice=invoice, content="Uwaga")
    SettlementPosition.objects.create(
        account=owner.account, invoice=invoice, kind="charge", amount=Decimal(1), reason="R"
    )
    InvoiceBankAccount.objects.create(
        account=owner.account, invoice=invoice, bank_account_number="PL61"
    )
    response = _delete(client, owner, invoice.pk)
    assert response.status_code == 200
    assert response.json() == "ok"
    assert not Invoice.objects.filter(pk=invoice.pk).exists()
    for model in (InvoicePosition, InvoiceDescription, SettlementPosition, InvoiceBankAccount):
        assert not model.objects.filter(invoice_id=invoice.pk).exists()
    assert _delete(client, owner, invoice.pk).status_code == 404
    shown = client.get(f"/invoices/{invoice.pk}.json?api_token={owner.api_token}")
    assert shown.status_code == 404


def test_deleting_answers_xml_when_asked(client, owner):
    invoice = factories.invoice(owner)
    response = _delete(client, owner, invoice.pk, fmt="xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert "<value>ok</value>" in response.content.decode()


def test_deleting_the_last_number_of_a_series_frees_it_for_the_next_invoice(client, owner):
    factories.numbered_invoice(owner, issue_date=DAY)
    last = factories.numbered_invoice(owner, issue_date=DAY)
    assert (last.number, _counter(owner)) == ("2/11/2026", 2)
    assert _delete(client, owner, last.pk).status_code == 200
    assert _counter(owner) == 1
    again = factories.numbered_invoice(owner, issue_date=DAY)
    assert again.number == "2/11/2026"


def test_deleting_an_earlier_number_leaves_the_series_as_it_is(client, owner):
    first = factories.numbered_invoice(owner, issue_date=DAY)
    factories.numbered_invoice(owner, issue_date=DAY)
    assert _delete(client, owner, first.pk).status_code == 200
    assert _counter(owner) == 2
    assert factories.numbered_invoice(owner, issue_date=DAY).number == "3/11/2026"


def test_a_number_taken_after_the_deleted_one_stays_taken(client, owner):
    last = factories.numbered_invoice(owner, issue_date=DAY)
    with transaction.atomic():
        # Another writer took the next number without storing an invoice yet.
        number_take(
            account=owner.account,
            series="vat",
            pattern=Pattern.parse("nr-m/mm/yyyy"),
            issue_date=DAY,
        )
    assert _delete(client, owner, last.pk).status_code == 200
    assert _counter(owner) == 2


def test_the_number_goes_back_in_its_own_departments_series(client, owner):
    department = Department.objects.create(account=owner.account, name="Sklep")
    factories.numbered_invoice(owner, issue_date=DAY)
    apart = factories.numbered_invoice(owner, issue_date=DAY, department_id=department.pk)
    assert _delete(client, owner, apart.pk).status_code == 200
    assert _counter(owner, series=f"vat:{department.pk}|nr-m/mm/yyyy") == 0
    assert _counter(owner) == 1


def test_deleting_an_invoice_numbered_by_hand_changes_no_counter(client, owner):
    factories.numbered_invoice(owner, issue_date=DAY)
    by_hand = factories.invoice(owner, issue_date=DAY, number="1/11/2026-X", series="vat")
    assert _delete(client, owner, by_hand.pk).status_code == 200
    assert _counter(owner) == 1


def test_deleting_an_expense_changes_no_counter(client, owner):
    factories.numbered_invoice(owner, issue_date=DAY)
    expense = factories.invoice(
        owner,
        income=False,
        issue_date=DAY,
        number="1/11/2026",
        series="vat",
        pattern="nr-m/mm/yyyy",
        counter=1,
    )
    assert _delete(client, owner, expense.pk).status_code == 200
    assert _counter(owner) == 1


def test_deleting_another_accounts_invoice_is_not_found_and_keeps_it(client, owner, other_owner):
    foreign = factories.numbered_invoice(other_owner, issue_date=DAY)
    response = _delete(client, owner, foreign.pk)
    assert response.status_code == 404
    assert Invoice.objects.filter(pk=foreign.pk).exists()
    assert InvoicePosition.objects.filter(invoice=foreign).count() == 1
    assert _counter(other_owner) == 1
