"""Numbers stay unique and gapless when many clients issue invoices at once over HTTP.

A real threaded HTTP server (pytest-django's `live_server`) serves concurrent
POST /invoices.json requests, each in its own thread and database connection.
Every fourth request is refused only after its invoice took a number and was
stored (a bank account without a number fails as the bank accounts are
written): its transaction rolls back and the number must go to the next
invoice, never leave a gap. The service-level test with separate processes is
in test_numbering_concurrency.py.
"""

import http.client
import json
import threading
from urllib.parse import urlsplit

import pytest
from django.db import connection

from faktura.invoicing.models import Invoice
from faktura.tests import factories

WRITERS = 16
REQUESTS = 8  # per writer
HOST = "app.faktura.test"


def _invoice(token: str, fail: bool) -> bytes:
    invoice = {
        "issue_date": "2026-11-22",
        "buyer_name": "Klient1 sp. z o.o.",
        "positions": [
            {"name": "A", "tax": 23, "total_price_gross": "12.30"},
            {"name": "B", "tax": 8, "total_price_gross": "10.80"},
        ],
    }
    if fail:
        invoice["bank_accounts"] = [{"bank_name": "Bank bez numeru"}]
    return json.dumps({"api_token": token, "invoice": invoice}).encode()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_http_clients_get_unique_gapless_numbers(live_server):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite lets one writer at a time into the database, "
            "so requests never hold the series' row lock together"
        )
    owner = factories.account(prefix="acme")
    address = urlsplit(live_server.url)
    start = threading.Barrier(WRITERS)
    statuses: list[int] = []
    problems: list[str] = []

    def writer(index: int) -> None:
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        try:
            start.wait(timeout=60)
            for n in range(REQUESTS):
                fail = (index * REQUESTS + n) % 4 == 3
                conn.request(
                    "POST",
                    "/invoices.json",
                    body=_invoice(owner.api_token, fail),
                    headers={"Host": HOST, "Content-Type": "application/json"},
                )
                response = conn.getresponse()
                response.read()
                statuses.append(response.status)
                if response.status != (422 if fail else 201):
                    problems.append(f"request {index}/{n}: {response.status}")
        except Exception as exc:  # reported below; a thread's exception is lost otherwise
            problems.append(repr(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert problems == []
    issued = WRITERS * REQUESTS * 3 // 4
    assert statuses.count(201) == issued
    numbers = list(
        Invoice.objects.filter(account=owner.account)
        .order_by("counter")
        .values_list("counter", "number")
    )
    assert [counter for counter, _ in numbers] == list(range(1, issued + 1))
    assert [number for _, number in numbers] == [f"{n}/11/2026" for n in range(1, issued + 1)]
