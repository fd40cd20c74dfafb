"""Listing invoices takes a fixed number of queries, whatever the page size: no N+1."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faktura.invoicing.models import (
    InvoiceBankAccount,
    InvoiceDescription,
    InvoiceParty,
    SettlementPosition,
)
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db


def _invoicing_queries(client, owner, **params) -> tuple[int, list[str]]:
    """(number of rows listed, the SQL of the queries that read invoicing tables)."""
    query = urlencode({"api_token": owner.api_token, "per_page": 100, **params})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/invoices.json?{query}")
    assert response.status_code == 200, response.content
    sql = [entry["sql"] for entry in captured.captured_queries if '"invoicing_' in entry["sql"]]
    return len(response.json()), sql


def _count_all(client, owner, **params) -> int:
    query = urlencode({"api_token": owner.api_token, "per_page": 100, **params})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/invoices.json?{query}").status_code == 200
    return len(captured.captured_queries)


def _decorate(owner, invoices) -> None:
    """Give every invoice a note, a settlement, a bank account and parties, so each is loaded."""
    for invoice in invoices:
        InvoiceDescription.objects.create(account=owner.account, invoice=invoice, content="U")
        SettlementPosition.objects.create(
            account=owner.account, invoice=invoice, kind="charge", amount=1, reason="R"
        )
        InvoiceBankAccount.objects.create(
            account=owner.account, invoice=invoice, bank_account_number="PL61"
        )
        for side in InvoiceParty.Side.values:
            InvoiceParty.objects.create(account=owner.account, invoice=invoice, side=side, name="P")


def test_a_page_of_100_with_positions_reads_the_invoice_tables_five_times(client, owner):
    factories.many_invoices(owner, 100, lines_each=3)
    listed, sql = _invoicing_queries(client, owner, include_positions="true")
    assert listed == 100
    tables = sorted(statement.split(" FROM ")[1].split()[0] for statement in sql)
    assert tables == [
        '"invoicing_invoice"',
        '"invoicing_invoicebankaccount"',
        '"invoicing_invoiceparty"',
        '"invoicing_invoiceposition"',
        '"invoicing_settlementposition"',
    ]


def test_the_number_of_queries_does_not_grow_with_the_page(client, owner):
    first = factories.many_invoices(owner, 1)
    _decorate(owner, first)
    params = {
        "include_positions": "true",
        "include": "descriptions",
        "additional_fields[invoice]": "cancel_reason,connected_payments",
    }
    with_one = _count_all(client, owner, **params)
    rest = factories.many_invoices(owner, 99)
    _decorate(owner, rest)
    assert _invoicing_queries(client, owner, **params)[0] == 100
    assert _count_all(client, owner, **params) == with_one


def test_without_positions_the_positions_table_is_not_read(client, owner):
    factories.many_invoices(owner, 5)
    _listed, sql = _invoicing_queries(client, owner)
    assert not any('FROM "invoicing_invoiceposition"' in statement for statement in sql)
    assert len(sql) == 4


def test_one_invoice_takes_as_many_queries_as_a_page_of_them(client, owner):
    (invoice,) = factories.many_invoices(owner, 1, lines_each=5)
    query = urlencode({"api_token": owner.api_token, "include": "descriptions"})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/invoices/{invoice.pk}.json?{query}").status_code == 200
    sql = [entry["sql"] for entry in captured.captured_queries if '"invoicing_' in entry["sql"]]
    # The invoice, its positions, notes, settlements, bank accounts and parties: one query each.
    assert len(sql) == 6
