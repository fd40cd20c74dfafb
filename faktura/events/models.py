"""The outbox: events recorded with the writes they announce, and their webhook deliveries.

A write that others must hear of stores an `Event` in its own transaction (so a
rolled-back write announces nothing), with one `Delivery` per active webhook of
that kind. A task delivers each pending delivery; every try is an `Attempt`. A
delivery keeps its id across retries: it is the `webhook-id` receivers use to
drop duplicates.
"""

import uuid

from django.db import models

from faktura.catalog.models.fields import Timestamped

KINDS = tuple(
    f"{resource}:{action}"
    for resource in ("invoice", "client", "product", "payment")
    for action in ("create", "update", "destroy")
)


class Webhook(Timestamped):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    kind = models.CharField(max_length=30, choices=[(kind, kind) for kind in KINDS])
    url = models.CharField(max_length=2000)
    # Sent to the receiver in the body (`api_token`), as the hosted service does.
    api_token = models.CharField(max_length=255, blank=True)
    active = models.BooleanField(default=True)
    # The Standard Webhooks signing secret (`whsec_…`), shown once when made.
    secret = models.CharField(max_length=100)
    # Why the server turned the webhook off (410 Gone), if it did.
    disabled_reason = models.CharField(max_length=255, blank=True)
    # The API credentials that made it: changes made with the same ones are not sent
    # back to it (faktura.events.origin). None when made in the panel.
    origin_membership = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["account", "kind", "active"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.url}"


class Event(models.Model):
    """Something that happened to a resource, with the body the receivers get."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    kind = models.CharField(max_length=30)
    resource_id = models.BigIntegerField()
    # The resource as the API renders it, and the rest of the body (see events.payloads).
    payload = models.JSONField()
    # The API credentials the change came through (None: the panel or the worker).
    origin_membership_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # A resource's history (the panel's invoice page) reads its events by id.
        indexes = [models.Index(fields=["account", "resource_id"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.resource_id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed"  # retries ran out, or the webhook was disabled

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # Who is delivering it now, and until when (a worker that died leaves it to others).
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}: {self.status}"


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    response_excerpt = models.TextField(blank=True)
    error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["delivery", "at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.status_code or self.error}"
