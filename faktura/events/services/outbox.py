"""Recording events in the writer's transaction, one delivery per matching webhook.

`event_record` is called by a service inside its transaction, after its write.
Webhooks made through the API with the credentials the change came through are
left out (faktura.events.origin: no echo back to the system that made the change).
When the account has no active webhook of that kind it does nothing (one
indexed read). Otherwise it stores the event with its body and a pending
delivery per webhook, and asks for delivery once the transaction commits: a
rolled-back write leaves no event, and a crash between commit and that request
leaves pending deliveries the periodic sweep picks up.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from faktura.accounts.models import Account
from faktura.events.models import Delivery, Event, Webhook
from faktura.events.origin import current_origin


def event_record(
    *, account: Account, kind: str, resource_id: int, payload: Callable[[], dict[str, Any]]
) -> Event | None:
    """Record `kind` for the resource; `payload` builds the body only when someone listens."""
    origin = current_origin()
    webhooks = Webhook.objects.filter(account=account, kind=kind, active=True)
    if origin is not None:  # never back to the system the change came from
        webhooks = webhooks.exclude(origin_membership_id=origin)
    webhooks = list(webhooks)
    if not webhooks:
        return None
    event = Event.objects.create(
        account=account,
        kind=kind,
        resource_id=resource_id,
        payload=payload(),
        origin_membership_id=origin,
    )
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(account=account, webhook=webhook, event=event, next_attempt_at=now)
        for webhook in webhooks
    )
    ids = [str(delivery.pk) for delivery in deliveries]

    def enqueue() -> None:
        from faktura.events import tasks  # the task module imports the services

        for delivery_id in ids:
            tasks.deliver_webhook.enqueue(delivery_id)

    transaction.on_commit(enqueue)
    return event
