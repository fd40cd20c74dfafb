"""Work the task worker starts on a schedule, not in answer to a request.

Each entry is enqueued every `every` seconds by every running worker. The
tasks are idempotent sweeps, so several workers enqueuing the same one only
cost a little duplicate checking.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    task_path: str
    every: float


SCHEDULE = (
    # Re-enqueue e-mails whose delivery task was lost (a crash between commit and enqueue).
    Periodic("faktura.delivery.tasks.retry_due_emails", every=60),
    # The same for letters handed to the postal provider.
    Periodic("faktura.delivery.tasks.retry_due_letters", every=60),
    # Deliver webhook events whose task was lost, and retries that are due.
    Periodic("faktura.events.tasks.deliver_due_webhooks", every=30),
    # Issue the recurring invoices whose day has come (idempotent per period).
    Periodic("faktura.invoicing.recurring.tasks.issue_due_recurrings", every=300),
)


def due(schedule, last_run: dict[str, float], now: float) -> list[Periodic]:
    """The entries whose interval has passed since they last ran (all of them at first)."""
    return [p for p in schedule if now - last_run.get(p.task_path, float("-inf")) >= p.every]


def enqueue_due(schedule, last_run: dict[str, float], now: float) -> list[str]:
    """Enqueue every due entry and note when; returns the task paths enqueued."""
    enqueued = []
    for periodic in due(schedule, last_run, now):
        try:
            import_string(periodic.task_path).enqueue()
        except Exception:  # the database may be briefly unavailable: try next tick
            logger.exception("Could not enqueue %s", periodic.task_path)
            continue
        last_run[periodic.task_path] = now
        enqueued.append(periodic.task_path)
    return enqueued


def start_scheduler(schedule=SCHEDULE, tick: float = 5.0) -> threading.Event:
    """Run the schedule in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()

    def loop() -> None:
        last_run: dict[str, float] = {}
        while not stop.is_set():
            close_old_connections()
            enqueue_due(schedule, last_run, time.monotonic())
            close_old_connections()
            stop.wait(tick)

    threading.Thread(target=loop, name="faktura-periodic", daemon=True).start()
    return stop
