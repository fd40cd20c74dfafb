"""Webhook delivery: how fast one task worker delivers events, and how long after commit.

A receiver on loopback (in this process) records when each `invoice:create`
event arrives; the delay is the arrival less the invoice's `created_at` (set in
the transaction that records the event). Clients create the invoices over HTTP;
the server's one task worker delivers meanwhile.
"""

import datetime as dt
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.client import ApiClient
from bench.creation import REFERENCE_EXAMPLE
from bench.server import BenchError
from bench.stats import Latency, per_second


@dataclass(frozen=True)
class EventsResult:
    events: int
    seconds: float
    per_second: float
    delay: Latency


class _Receiver:
    def __init__(self) -> None:
        self.arrivals: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                arrived = time.time()
                created = json.loads(body)["invoice"]["created_at"]
                with receiver._lock:
                    receiver.arrivals.append((arrived, created))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/events"

    def count(self) -> int:
        with self._lock:
            return len(self.arrivals)


def _create(port: int, token: str, count: int) -> None:
    with ApiClient(port, token) as client:
        for _ in range(count):
            reply = client.post("/invoices.json", {"invoice": REFERENCE_EXAMPLE})
            if reply.status != 201:
                raise BenchError(f"POST /invoices.json answered {reply.status}")


def measure_events(*, port: int, token: str, count: int, timeout: float) -> EventsResult:
    """`count` invoices made by 4 clients, each announced to one webhook on loopback."""
    receiver = _Receiver()
    try:
        with ApiClient(port, token) as client:
            reply = client.post(
                "/webhooks.json", {"webhook": {"kind": "invoice:create", "url": receiver.url}}
            )
            if reply.status != 201:
                raise BenchError(f"POST /webhooks.json answered {reply.status}: {reply.body!r}")
        clients = 4
        threads = [
            threading.Thread(target=_create, args=(port, token, count // clients), daemon=True)
            for _ in range(clients)
        ]
        expected = clients * (count // clients)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + timeout
        while receiver.count() < expected and time.monotonic() < deadline:
            time.sleep(0.05)
        if receiver.count() < expected:
            raise BenchError(f"{receiver.count()} of {expected} events arrived in {timeout} s")
        arrivals = sorted(receiver.arrivals)
        delays = [
            arrived - dt.datetime.fromisoformat(created).timestamp()
            for arrived, created in arrivals
        ]
        seconds = arrivals[-1][0] - arrivals[0][0]
        return EventsResult(
            events=expected,
            seconds=round(seconds, 3),
            per_second=per_second(expected - 1, seconds),
            delay=Latency.of(delays),
        )
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
