"""E-mail waiting to leave Faktura, and every attempt made to send it.

A row is written in the same transaction as the change that caused it, so a
message is never lost when the SMTP server is down and never sent for a
rolled-back write. `services.email_deliver` moves it from `pending` to `sent`,
or to `failed` once it gives up.
"""

from django.db import models
from django.db.models import Q


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"  # gave up after the last attempt

    # Null for service mail that belongs to no tenant (e.g. a login link).
    account = models.ForeignKey(
        "accounts.Account",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outgoing_emails",
    )
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=998)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When the next delivery attempt is due; null once the e-mail is sent or failed.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Fixed when the e-mail is queued, so every retry carries the same
    # Message-ID and receivers can recognise a duplicate.
    message_id = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [
            # The sweep in `email_retry_due` reads only pending rows by due time.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="outgoing_email_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.status})"


class EmailAttempt(models.Model):
    """One try at handing an e-mail to the mail server, kept so every retry is visible."""

    email = models.ForeignKey(OutgoingEmail, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField()
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        outcome = "ok" if self.ok else "error"
        return f"e-mail {self.email_id} at {self.started_at:%Y-%m-%d %H:%M:%S}: {outcome}"
