"""Listing: GET /invoices.json with a page of 100 invoices and their positions.

The account is filled with copies of one invoice created over HTTP (2
positions each) by bulk INSERTs, their issue dates spread over the last
three years, and then listed with the newest first, as the API does by default.
"""

import datetime as dt
import time
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from bench.client import ApiClient
from bench.rows import InvoiceCopier
from bench.server import BenchError
from bench.stats import Latency
from faktura.invoicing.models import Invoice, InvoicePosition

LIST_PATH = "/invoices.json?per_page=100&include_positions=true&period=all"
PAGE_SIZE = 100
POSITIONS_PER_INVOICE = 2
WARM_UP_REQUESTS = 5
CHUNK = 2000  # invoices per INSERT batch and transaction
DATE_SPREAD_DAYS = 3 * 365


@dataclass(frozen=True)
class ListingResult:
    invoices: int
    latency: Latency
    reply_bytes: int


def fill_account(*, template: Invoice, total: int) -> float:
    """Copy `template` until its account holds `total` invoices; returns the seconds it took.

    Ids are given explicitly (so positions can name their invoice without a
    round trip per row) and the sequences are moved past them afterwards.
    """
    missing = total - Invoice.objects.filter(account_id=template.account_id).count()
    if missing <= 0:
        return 0.0
    started = time.perf_counter()
    copier = InvoiceCopier(template, with_id=True)
    first_id = (Invoice.objects.aggregate(last=Max("id"))["last"] or 0) + 1
    today = timezone.localdate()
    with connection.cursor() as cursor:
        for chunk_start in range(first_id, first_id + missing, CHUNK):
            ids = range(chunk_start, min(chunk_start + CHUNK, first_id + missing))
            invoices = [_spread_copy(copier, invoice_id, today) for invoice_id in ids]
            positions = [row for invoice_id in ids for row in copier.position_rows(invoice_id)]
            with transaction.atomic():
                cursor.executemany(copier.invoices.sql, invoices)
                cursor.executemany(copier.position_sql, positions)
        for statement in connection.ops.sequence_reset_sql(no_style(), [Invoice, InvoicePosition]):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            # Autovacuum would analyze the tables within a minute of such an insert.
            cursor.execute("ANALYZE invoicing_invoice, invoicing_invoiceposition")
    return time.perf_counter() - started


def _spread_copy(copier: InvoiceCopier, invoice_id: int, today: dt.date) -> list:
    issue_date = today - dt.timedelta(days=invoice_id % DATE_SPREAD_DAYS)
    return copier.invoice_row(
        f"bulk{invoice_id}",
        id=invoice_id,
        issue_date=connection.ops.adapt_datefield_value(issue_date),
        sell_date=connection.ops.adapt_datefield_value(issue_date),
    )


def measure_listing(*, port: int, token: str, invoices: int, requests: int) -> ListingResult:
    """Time `requests` sequential list calls (after a few untimed ones); checks every page."""
    seconds = []
    size = 0
    with ApiClient(port, token) as client:
        for _ in range(WARM_UP_REQUESTS):
            _check_page(client.get(LIST_PATH))
        for _ in range(requests):
            reply = client.get(LIST_PATH)
            seconds.append(reply.seconds)
            size = _check_page(reply)
    return ListingResult(invoices=invoices, latency=Latency.of(seconds), reply_bytes=size)


def _check_page(reply) -> int:
    """Raises unless the reply is a full page of invoices with their positions; returns its size."""
    if reply.status != 200:
        raise BenchError(f"GET {LIST_PATH} answered {reply.status}: {reply.body[:500]!r}")
    page = reply.json()
    positions = {len(invoice.get("positions", ())) for invoice in page}
    if len(page) != PAGE_SIZE or positions != {POSITIONS_PER_INVOICE}:
        raise BenchError(
            f"GET {LIST_PATH} returned {len(page)} invoices with {positions} positions each"
        )
    return len(reply.body)
