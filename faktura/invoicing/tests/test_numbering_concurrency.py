"""Concurrent writers on PostgreSQL take unique, gapless numbers.

The writers run in separate processes (the "spawn" start method: a fresh
interpreter each, as gunicorn workers are), several threads each, every
thread with its own connection. This module is imported by those children
before Django is set up, so it imports no models at the top.
"""

import datetime
import multiprocessing
import threading
import traceback

import pytest
from django.db import connection

PROCESSES = 4
THREADS = 4  # per process: 16 writers
TAKES = 25  # per writer: 400 numbers
PATTERN_TEXT = "nr-m/mm/yyyy"
ISSUE_DATE = datetime.date(2026, 11, 22)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_take_unique_gapless_numbers():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: SQLite lets one writer at a time into the database "
            "(transaction_mode=IMMEDIATE), so there are no concurrent row locks to test"
        )
    from faktura.invoicing.series import NumberCounter
    from faktura.tests import factories

    account = factories.account().account
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE numbering_probe (n integer PRIMARY KEY, number varchar(100) NOT NULL)"
        )
    processes = []
    try:
        context = multiprocessing.get_context("spawn")
        # Every writer starts at once, after all processes have set Django up
        # and opened their connections: the counter row does not exist yet, so
        # the writers also race to create it.
        start = context.Barrier(PROCESSES * THREADS)
        reports = context.Queue()
        processes = [
            context.Process(
                target=_writer_process,
                args=(connection.settings_dict["NAME"], account.pk, start, reports),
            )
            for _ in range(PROCESSES)
        ]
        for process in processes:
            process.start()
        # Read the reports before joining: a child exits only once its queue is drained.
        taken = [reports.get(timeout=180) for _ in range(PROCESSES * THREADS)]
        for process in processes:
            process.join(timeout=60)
        errors = [report for report in taken if isinstance(report, str)]
        assert errors == []
        assert [process.exitcode for process in processes] == [0] * PROCESSES

        with connection.cursor() as cursor:
            cursor.execute("SELECT n, number FROM numbering_probe ORDER BY n")
            stored = cursor.fetchall()
        total = PROCESSES * THREADS * TAKES
        assert [n for n, _ in stored] == list(range(1, total + 1))
        assert [number for _, number in stored] == [f"{n}/11/2026" for n in range(1, total + 1)]
        assert sorted(pair for report in taken for pair in report) == stored
        assert NumberCounter.objects.get(account=account).last == total
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS numbering_probe")


def _writer_process(db_name, account_id, start, reports) -> None:
    """A child process: Django set up on the parent's test database, THREADS writers."""
    try:
        import django
        from django.conf import settings

        settings.DATABASES["default"]["NAME"] = db_name
        django.setup()
        from faktura.accounts.models import Account

        account = Account.objects.get(pk=account_id)
        connection.close()
    except Exception:
        # Release the writers of the other processes, and report for this one's.
        start.abort()
        for _ in range(THREADS):
            reports.put(traceback.format_exc())
        return
    writers = [
        threading.Thread(target=_writer, args=(account, start, reports)) for _ in range(THREADS)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()


def _writer(account, start, reports) -> None:
    """Take TAKES numbers, each in a transaction that also stores it; report them or the error."""
    from django.db import connection, transaction

    from faktura.invoicing.numbering import Pattern
    from faktura.invoicing.series import number_take

    pattern = Pattern.parse(PATTERN_TEXT)
    taken = []
    try:
        connection.ensure_connection()
        start.wait(timeout=120)
        for _ in range(TAKES):
            with transaction.atomic():
                counter, number = number_take(
                    account=account, series="vat", pattern=pattern, issue_date=ISSUE_DATE
                )
                with connection.cursor() as cursor:
                    cursor.execute(
                        "INSERT INTO numbering_probe (n, number) VALUES (%s, %s)",
                        [counter, number],
                    )
            taken.append((counter, number))
    except Exception:
        reports.put(traceback.format_exc())
    else:
        reports.put(taken)
    finally:
        connection.close()
