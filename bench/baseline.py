"""The baseline: the rows of N invoices written by plain SQL in one process.

Each invoice is one transaction (INSERT the invoice RETURNING its id, INSERT
its positions, COMMIT), as each POST /invoices.json commits its own: the
difference to the HTTP numbers is what the application adds (HTTP, parsing,
validation, the money engine, numbering, the buyer lookup, rendering the reply).
"""

import time
from dataclasses import dataclass

from django.db import connection, transaction

from bench.rows import InvoiceCopier
from bench.stats import per_second
from faktura.invoicing.models import Invoice


@dataclass(frozen=True)
class BaselineResult:
    invoices: int
    positions: int
    seconds: float
    per_second: float


def measure_baseline(*, template: Invoice, count: int) -> BaselineResult:
    """Insert `count` copies of `template` (with its positions), one transaction each."""
    copier = InvoiceCopier(template, with_id=False)
    insert_invoice = f"{copier.invoices.sql} RETURNING {connection.ops.quote_name('id')}"
    positions = 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for serial in range(count):
            with transaction.atomic():
                cursor.execute(insert_invoice, copier.invoice_row(f"sql{serial}"))
                (invoice_id,) = cursor.fetchone()
                rows = copier.position_rows(invoice_id)
                cursor.executemany(copier.position_sql, rows)
                positions += len(rows)
    seconds = time.perf_counter() - started
    return BaselineResult(
        invoices=count,
        positions=positions,
        seconds=round(seconds, 3),
        per_second=per_second(count, seconds),
    )
