"""What the invoice tables themselves guarantee, whatever the services do."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from faktura.catalog.models import Client
from faktura.invoicing.models import Invoice

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 22)


def _invoice(owner, **fields) -> Invoice:
    return Invoice.objects.create(account=owner.account, issue_date=DAY, **fields)


def test_a_sales_number_is_unique_within_its_series(owner):
    _invoice(owner, series="vat", number="1/11/2026")
    with pytest.raises(IntegrityError), transaction.atomic():
        _invoice(owner, series="vat", number="1/11/2026")


def test_the_same_number_may_repeat_in_another_series_or_account(owner, other_owner):
    _invoice(owner, series="vat", number="1/11/2026")
    _invoice(owner, series="proforma", number="1/11/2026")
    _invoice(other_owner, series="vat", number="1/11/2026")
    assert Invoice.objects.filter(number="1/11/2026").count() == 3


def test_expense_documents_may_carry_the_same_number_from_different_sellers(owner):
    _invoice(owner, income=False, series="vat", number="FV 1/2026", seller_name="A")
    _invoice(owner, income=False, series="vat", number="FV 1/2026", seller_name="B")
    assert Invoice.objects.filter(income=False).count() == 2


def test_every_invoice_gets_its_own_random_token(owner):
    first, second = _invoice(owner), _invoice(owner)
    assert len(first.token) >= 20
    assert first.token != second.token


def test_deleting_a_client_keeps_its_invoices_and_their_buyer_data(owner):
    buyer = Client.objects.create(account=owner.account, name="Kupiec")
    invoice = _invoice(owner, client=buyer, buyer_name="Kupiec")
    buyer.delete()
    invoice.refresh_from_db()
    assert (invoice.client_id, invoice.buyer_name) == (None, "Kupiec")
