"""Workers racing on PostgreSQL: every period of every recurring invoice is issued once.

Each worker is a thread with its own database connection, all released at once by a
barrier, all running the periodic task's service for the same day with several
periods of several definitions due.
"""

import datetime as dt
import threading
import traceback

import pytest
from django.db import connection

from faktura.invoicing.models import Invoice
from faktura.invoicing.recurring import services
from faktura.invoicing.recurring.models import RecurringPeriod
from faktura.invoicing.tests import factories_invoices

WORKERS = 4
DEFINITIONS = 5
START = dt.date(2026, 1, 10)
TODAY = dt.date(2026, 6, 15)  # January to June: six periods each


@pytest.mark.django_db(transaction=True)
def test_racing_workers_issue_each_period_exactly_once(owner):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite lets one writer at a time into the database "
            "(transaction_mode=IMMEDIATE), so there are no concurrent row locks to test"
        )
    recurrings = []
    for n in range(DEFINITIONS):
        template = factories_invoices.numbered_invoice(owner, issue_date=START)
        recurrings.append(
            services.recurring_create(
                account=owner.account,
                data={
                    "name": f"Abonament {n}",
                    "invoice_id": template.pk,
                    "every": "1m",
                    "start_date": START,
                },
                today=START,
            )
        )
    start = threading.Barrier(WORKERS)
    errors: list[str] = []

    def worker() -> None:
        try:
            start.wait(timeout=30)
            services.recurring_issue_due(today=TODAY)
        except Exception:
            errors.append(traceback.format_exc())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert not any(thread.is_alive() for thread in threads)

    for recurring in recurrings:
        invoices = Invoice.objects.filter(recurring=recurring)
        assert sorted(invoice.sell_date.month for invoice in invoices) == [1, 2, 3, 4, 5, 6]
        periods = RecurringPeriod.objects.filter(recurring=recurring)
        assert sorted(p.invoice_id for p in periods) == sorted(i.pk for i in invoices)
        recurring.refresh_from_db()
        assert recurring.next_invoice_date == dt.date(2026, 7, 10)
        assert recurring.invoices_count == 6
    numbers = list(Invoice.objects.filter(recurring__isnull=False).values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == DEFINITIONS * 6
