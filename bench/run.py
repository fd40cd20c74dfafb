"""One benchmark run against the database FAKTURA_DATABASE_URL names (SQLite when unset)."""

import datetime as dt
import os
import shutil
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from bench import report
from bench.config import BenchConfig
from bench.server import Server, server_environment

CREATION_PREFIX = "bench"
LISTING_PREFIX = "benchlist"
STOCK_PREFIX = "benchstock"
EVENTS_PREFIX = "benchevents"


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def setup_django(data_dir: Path) -> None:
    """Configure Django in this process for the same data directory and database as the server."""
    os.environ.update(server_environment(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faktura.settings")
    import django

    django.setup()


def database_version() -> tuple[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "postgresql", f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return connection.vendor, f"SQLite {cursor.fetchone()[0]}"


def run(config: BenchConfig) -> dict:
    """Measure creation, the SQL baseline and listing; returns the result (also written)."""
    data_dir = Path(tempfile.mkdtemp(prefix="faktura-bench-"))
    try:
        setup_django(data_dir)
        with Server(data_dir) as server:
            result = _measure(config, server)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    result["targets"] = report.evaluate(result)
    path = report.write(result, config.results_dir)
    print(report.render([result]))
    print(f"results: {path}")
    return result


def _measure(config: BenchConfig, server: Server) -> dict:
    # Imported after django.setup().
    from bench.baseline import measure_baseline
    from bench.client import ApiClient
    from bench.creation import create_invoice, measure_creation, warm_up
    from bench.events import measure_events
    from bench.listing import fill_account, measure_listing
    from bench.stock import measure_stock_documents
    from faktura.invoicing.models import Invoice

    load_before = os.getloadavg()[0]
    database, version = database_version()
    step(f"{version}: server on 127.0.0.1:{server.port}, data in {server.data_dir}")
    token = server.create_account(CREATION_PREFIX)
    warm_up(server.port, token, config.clients)
    step(f"creating {config.invoices} invoices with {config.clients} concurrent clients")
    creation = measure_creation(
        port=server.port,
        token=token,
        count=config.invoices,
        clients=config.clients,
        timeout=config.creation_timeout,
    )
    step(f"  {creation.per_second} invoices/s")

    with ApiClient(server.port, token) as client:
        template = Invoice.objects.get(pk=create_invoice(client)["id"])
    step(f"writing the same rows with plain SQL ({config.invoices} invoices)")
    baseline = asdict(measure_baseline(template=template, count=config.invoices))
    baseline["http_ratio"] = round(creation.per_second / baseline["per_second"], 3)
    step(f"  {baseline['per_second']} invoices/s")

    stock_token = server.create_account(STOCK_PREFIX)
    step(f"issuing {config.invoices} WZ documents with {config.clients} concurrent clients")
    stock = measure_stock_documents(
        port=server.port,
        token=stock_token,
        count=config.invoices,
        clients=config.clients,
        timeout=config.creation_timeout,
    )
    step(f"  {stock.per_second} documents/s")

    events_token = server.create_account(EVENTS_PREFIX)
    step(f"announcing {config.invoices} invoices to a webhook on loopback")
    events = measure_events(
        port=server.port, token=events_token, count=config.invoices, timeout=config.creation_timeout
    )
    step(f"  {events.per_second} events/s, delay p50 {events.delay.p50_ms} ms")

    listing = []
    list_token = server.create_account(LISTING_PREFIX)
    with ApiClient(server.port, list_token) as client:
        list_template = Invoice.objects.get(pk=create_invoice(client)["id"])
    for size in config.list_sizes:
        step(f"filling the listing account to {size} invoices")
        seconds = fill_account(template=list_template, total=size)
        step(f"  {seconds:.1f} s; listing {config.list_requests} times")
        measured = measure_listing(
            port=server.port, token=list_token, invoices=size, requests=config.list_requests
        )
        listing.append(asdict(measured))
        step(f"  p50 {measured.latency.p50_ms} ms, p99 {measured.latency.p99_ms} ms")

    return {
        "database": database,
        "version": version,
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        # Other work on the machine skews every number: the 1-minute load, before and after.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "config": {
            "invoices": config.invoices,
            "clients": config.clients,
            "list_sizes": list(config.list_sizes),
            "list_requests": config.list_requests,
        },
        "creation": asdict(creation),
        "baseline": baseline,
        "stock_documents": asdict(stock),
        "events": asdict(events),
        "listing": listing,
        "listing_growth": report.listing_growth(listing),
    }
