"""Delivering webhook events: one POST per try, retried with backoff for over a day.

`webhook_deliver` claims a pending delivery (a lease, so a duplicate task or a
second worker leaves it alone, and a worker that died leaves it to the sweep),
POSTs the event's body to the webhook's URL — signed by the Standard Webhooks
scheme with the webhook's secret, `webhook-id` the delivery's id on every try —
outside any transaction, and records the try. A 2xx answer delivers it. `410
Gone` turns the webhook off and fails its pending deliveries. Anything else (an
error status, a timeout, a refused connection, a URL that now points inside the
network) is tried again after `retry_delay`, until `GIVE_UP_AFTER` has passed
since the event. Redirects are not followed; each try waits at most `TIMEOUT`. The
connection goes to an address the URL check approved, never to a fresh lookup.
"""

import http.client
import json
import logging
import socket
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from faktura.events import signing, targets
from faktura.events.models import Attempt, Delivery, Webhook

logger = logging.getLogger(__name__)

TIMEOUT = 10
FIRST_RETRY_DELAY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(hours=2)
GIVE_UP_AFTER = timedelta(hours=26)
LEASE = timedelta(seconds=TIMEOUT * 3)
EXCERPT_CHARS = 1000
USER_AGENT = "Faktura-Webhooks/1"


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 30 s, 1 min, 2 min, … at most 2 hours."""
    if attempts < 1:
        raise ValueError("attempts starts at 1")
    return min(FIRST_RETRY_DELAY * 2 ** min(attempts - 1, 16), MAX_RETRY_DELAY)


def body_of(delivery: Delivery) -> bytes:
    """The exact bytes sent: the event's body with the webhook's own `api_token`."""
    payload = {**delivery.event.payload, "api_token": delivery.webhook.api_token}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _claim(delivery_id: str, now: datetime) -> Delivery | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("webhook", "event")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != Delivery.Status.PENDING:
            return None
        if delivery.next_attempt_at > now or (
            delivery.claimed_until is not None and delivery.claimed_until > now
        ):
            return None
        delivery.attempts += 1
        delivery.claimed_until = now + LEASE
        delivery.save(update_fields=["attempts", "claimed_until"])
    return delivery


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address that was checked, speaking to the server by its name."""

    def __init__(self, host: str, port: int | None, address: str, **kwargs):
        super().__init__(host, port, **kwargs)
        self.pinned_address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned_address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int | None, address: str, **kwargs):
        super().__init__(host, port, **kwargs)
        self.pinned_address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        # SNI and the certificate check use the name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _post(url: str, address: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST to `url` at the checked `address` (no new DNS lookup: no rebinding to a
    private address between the check and the connection); redirects are not followed."""
    parts = urlsplit(url)
    pinned = _PinnedHTTPS if parts.scheme.lower() == "https" else _PinnedHTTP
    connection = pinned(parts.hostname, parts.port, address, timeout=TIMEOUT)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_CHARS * 4).decode("utf-8", "replace")[:EXCERPT_CHARS]
        return response.status, excerpt
    finally:
        connection.close()


def webhook_deliver(*, delivery_id: str, now: datetime | None = None) -> None:
    """Try one delivery (see the module docstring). Safe to run twice or concurrently."""
    started = now or timezone.now()
    delivery = _claim(delivery_id, started)
    if delivery is None:
        return
    webhook = delivery.webhook
    body = body_of(delivery)
    status, excerpt, error = None, "", ""
    clock = time.monotonic()
    try:
        addresses = targets.resolved_addresses(
            webhook.url, allow_private=settings.FAKTURA_WEBHOOK_ALLOW_PRIVATE
        )
    except targets.TargetRefused as exc:
        error = str(exc)[:255]
    else:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            **signing.headers(
                secret=webhook.secret,
                message_id=str(delivery.pk),
                timestamp=int(time.time()),
                body=body,
            ),
        }
        try:
            status, excerpt = _post(webhook.url, addresses[0], body, headers)
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"[:255]
    duration = int((time.monotonic() - clock) * 1000)
    _record(delivery, started, status, excerpt, error, duration)


def _record(delivery, started, status, excerpt, error, duration) -> None:
    finished = timezone.now()
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            at=started,
            status_code=status,
            duration_ms=duration,
            response_excerpt=excerpt,
            error=error,
        )
        delivery.claimed_until = None
        if status is not None and 200 <= status < 300:
            delivery.status = Delivery.Status.DELIVERED
            delivery.delivered_at = finished
        elif status == 410:
            Webhook.objects.filter(pk=delivery.webhook_id).update(
                active=False, disabled_reason="410 Gone"
            )
            Delivery.objects.filter(
                webhook_id=delivery.webhook_id, status=Delivery.Status.PENDING
            ).update(status=Delivery.Status.FAILED)
            delivery.status = Delivery.Status.FAILED
        elif finished - delivery.event.created_at >= GIVE_UP_AFTER:
            delivery.status = Delivery.Status.FAILED
            logger.warning("Gave up on webhook delivery %s", delivery.pk)
        else:
            delivery.next_attempt_at = finished + retry_delay(delivery.attempts)
            _enqueue_on_commit(str(delivery.pk), run_after=delivery.next_attempt_at)
        delivery.save(update_fields=["status", "delivered_at", "next_attempt_at", "claimed_until"])


def _enqueue_on_commit(delivery_id: str, *, run_after: datetime | None = None) -> None:
    def enqueue() -> None:
        from faktura.events import tasks

        task = (
            tasks.deliver_webhook.using(run_after=run_after) if run_after else tasks.deliver_webhook
        )
        task.enqueue(delivery_id)

    transaction.on_commit(enqueue)


def deliveries_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Enqueue pending deliveries that are due and not claimed: the safety net for a
    delivery task lost in a crash. Returns how many it enqueued."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).exclude(
        claimed_until__gt=now
    )
    ids = [str(pk) for pk in due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit]]
    for delivery_id in ids:
        _enqueue_on_commit(delivery_id)
    return len(ids)


def delivery_send_again(*, delivery: Delivery) -> None:
    """Make a failed (or delivered) delivery pending again, due now."""
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), claimed_until=None
        )
        _enqueue_on_commit(str(delivery.pk))
