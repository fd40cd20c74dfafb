"""`invoices_for_output` with `account` (the fast way) loads what the ORM's prefetch does."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from ninja.responses import NinjaJSONEncoder

from faktura.catalog.models import BankAccount
from faktura.invoicing import selectors
from faktura.invoicing.api.output import invoice_list_data
from faktura.invoicing.models import (
    Invoice,
    InvoiceBankAccount,
    InvoiceDescription,
    SettlementPosition,
)
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db

EVERYTHING = selectors.Include(
    positions=True,
    descriptions=True,
    additional_fields=frozenset(selectors.ADDITIONAL_FIELDS),
)


def _invoices(owner) -> list[Invoice]:
    catalog = BankAccount.objects.create(
        account=owner.account,
        bank_account_number="DE89 3704 0044 0532 0130 00",
        number_normalized="DE89370400440532013000",
    )
    rich = factories.numbered_invoice(
        owner,
        sell_date=dt.date(2026, 2, 1),
        sell_date_kind="month",
        cancel_reason="Powód",
        calculating_strategy={"position": "keep_gross"},
        lines=[
            factories.line("A", quantity="0.125", discount_percent=Decimal("12.5")),
            factories.line("B", quantity="3"),
        ],
    )
    InvoiceBankAccount.objects.create(
        account=owner.account, invoice=rich, bank_account=catalog, bank_account_number="DE89"
    )
    SettlementPosition.objects.create(
        account=owner.account, invoice=rich, kind="charge", amount=Decimal("1.5"), reason="X"
    )
    InvoiceDescription.objects.create(account=owner.account, invoice=rich, content="Uwaga")
    plain = factories.invoice(owner, lines=[factories.line("C")])
    empty = factories.invoice(owner, lines=[])
    return [rich, plain, empty]


def _page(owner):
    return selectors.invoice_list(account=owner.account, filters=None).order_by("-id")


def _body(invoices) -> str:
    return json.dumps(invoice_list_data(invoices), cls=NinjaJSONEncoder)


def test_fast_loading_renders_the_same_as_the_orms_prefetch(owner):
    _invoices(owner)
    slow = selectors.invoices_for_output(_page(owner), EVERYTHING)
    fast = selectors.invoices_for_output(_page(owner), EVERYTHING, account=owner.account)
    assert _body(fast) == _body(slow)
    for fast_invoice, slow_invoice in zip(fast, slow, strict=True):
        assert isinstance(fast_invoice, Invoice)
        assert not fast_invoice._state.adding
        assert fast_invoice._state.db == slow_invoice._state.db
        for field in Invoice._meta.concrete_fields:
            assert getattr(fast_invoice, field.attname) == getattr(slow_invoice, field.attname)
        for name in ("positions", "bank_accounts", "settlement_positions", "descriptions"):
            fast_rows = selectors.loaded(fast_invoice, name)
            slow_rows = selectors.loaded(slow_invoice, name)
            assert [row.pk for row in fast_rows] == [row.pk for row in slow_rows]


def test_fast_loaded_invoices_hold_their_account_and_positions_their_invoice(owner):
    _invoices(owner)
    invoices = selectors.invoices_for_output(_page(owner), EVERYTHING, account=owner.account)
    with CaptureQueriesContext(connection) as queries:
        assert {invoice.account.prefix for invoice in invoices} == {"acme"}
        positions = [p for invoice in invoices for p in selectors.loaded(invoice, "positions")]
        assert positions
        assert all(p.invoice is invoice for invoice in invoices for p in invoice.loaded_positions)
    assert queries.captured_queries == []


def test_a_queryset_the_fast_way_cannot_read_goes_through_the_orm(owner):
    _invoices(owner)
    page = _page(owner).select_related("client")
    invoices = selectors.invoices_for_output(page, EVERYTHING, account=owner.account)
    assert _body(invoices) == _body(selectors.invoices_for_output(_page(owner), EVERYTHING))
