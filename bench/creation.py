"""Invoice creation over HTTP: concurrent clients POST /invoices.json."""

import threading
import time
from collections import Counter
from dataclasses import dataclass

from bench.client import ApiClient
from bench.server import BenchError
from bench.stats import Latency, per_second

# The reference's example (as in faktura/invoicing/tests/test_invoices_create.py):
# a VAT invoice with two positions, the buyer found (or, the first time, created) by name.
REFERENCE_EXAMPLE = {
    "kind": "vat",
    "number": None,
    "sell_date": "2026-11-20",
    "issue_date": "2026-11-20",
    "payment_to": "2026-11-27",
    "seller_name": "Seller SA",
    "seller_tax_no": "5252445767",
    "buyer_name": "Client1 SA",
    "buyer_tax_no": "5252445767",
    "positions": [
        {"name": "Produkt A1", "tax": 23, "total_price_gross": 10.23, "quantity": 1},
        {"name": "Produkt A2", "tax": 0, "total_price_gross": 50, "quantity": 3},
    ],
}


@dataclass(frozen=True)
class CreationResult:
    invoices: int
    clients: int
    seconds: float
    per_second: float
    latency: Latency


def create_invoice(client: ApiClient) -> dict:
    """POST the reference's example once; returns the created invoice, or raises."""
    reply = client.post("/invoices.json", {"invoice": REFERENCE_EXAMPLE})
    if reply.status != 201:
        raise BenchError(f"POST /invoices.json answered {reply.status}: {reply.body[:500]!r}")
    return reply.json()


def warm_up(port: int, token: str, clients: int) -> None:
    """One request per client first: the server's lazy imports and first connections."""
    threads = [
        threading.Thread(target=_create_one, args=(port, token), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def _create_one(port: int, token: str) -> None:
    with ApiClient(port, token) as client:
        client.post("/invoices.json", {"invoice": REFERENCE_EXAMPLE})


class _Load:
    """The shared state of the creation threads: tickets to take, replies recorded."""

    def __init__(self, count: int, deadline: float):
        self.count = count
        self.deadline = deadline
        self._taken = 0
        self._lock = threading.Lock()
        self.seconds: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.first_error: str | None = None

    def take(self) -> bool:
        """Whether this thread should send one more request."""
        with self._lock:
            if self._taken >= self.count or time.monotonic() >= self.deadline:
                return False
            self._taken += 1
            return True

    def record(self, status: int, seconds: float, body: bytes) -> None:
        with self._lock:
            self.statuses[status] += 1
            self.seconds.append(seconds)
            if status != 201 and self.first_error is None:
                self.first_error = f"{status}: {body[:500]!r}"

    def record_failure(self, exc: Exception) -> None:
        with self._lock:
            self.statuses[0] += 1
            if self.first_error is None:
                self.first_error = f"{type(exc).__name__}: {exc}"


def _client_loop(port: int, token: str, load: _Load, path: str, body: dict) -> None:
    with ApiClient(port, token) as client:
        while load.take():
            try:
                reply = client.post(path, body)
            except OSError as exc:  # connection refused or reset, timeout
                load.record_failure(exc)
                return
            load.record(reply.status, reply.seconds, reply.body)


def measure_creation(
    *,
    port: int,
    token: str,
    count: int,
    clients: int,
    timeout: float,
    path: str = "/invoices.json",
    body: dict | None = None,
) -> CreationResult:
    """`count` documents POSTed to `path` by `clients` threads (the reference's invoice
    unless `body` is given); raises unless every answer was 201."""
    load = _Load(count, time.monotonic() + timeout)
    body = {"invoice": REFERENCE_EXAMPLE} if body is None else body
    threads = [
        threading.Thread(target=_client_loop, args=(port, token, load, path, body), daemon=True)
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout + 60)
    seconds = time.perf_counter() - started
    done = load.statuses[201]
    if done != count:
        raise BenchError(
            f"{done} of {count} documents created at {path} in {seconds:.1f} s "
            f"(answers: {dict(load.statuses)}; first failure: {load.first_error})"
        )
    return CreationResult(
        invoices=count,
        clients=clients,
        seconds=round(seconds, 3),
        per_second=per_second(count, seconds),
        latency=Latency.of(load.seconds),
    )
