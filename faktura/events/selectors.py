"""Reads of the outbox: what was announced about one resource, and how it was delivered."""

from django.db.models import QuerySet

from faktura.accounts.models import Account
from faktura.events.models import Delivery


def resource_deliveries(*, account: Account, resource: str, resource_id: int) -> QuerySet[Delivery]:
    """The webhook deliveries of the account's events about one resource (`invoice`, 42),
    newest first, each with its event and webhook loaded."""
    return (
        Delivery.objects.filter(
            account=account,
            event__account=account,
            event__resource_id=resource_id,
            event__kind__startswith=f"{resource}:",
        )
        .select_related("event", "webhook")
        .order_by("-created_at", "-pk")
    )
