"""E-mail and letters waiting to leave Faktura, and every attempt made to send them.

A row is written in the same transaction as the change that caused it, so a
message is never lost when the SMTP server (or the postal provider) is down and
never sent for a rolled-back write. `services.email_deliver` moves an e-mail
from `pending` to `sent`, or to `failed` once it gives up; `postal.letter_deliver`
does the same for a letter.
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
    # The invoice the message carries, for the invoice's sending history. The
    # record of what was sent outlives the invoice (null once it is deleted).
    invoice = models.ForeignKey(
        "invoicing.Invoice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing_emails",
    )

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


class OutgoingEmailAttachment(models.Model):
    """A file sent with an e-mail, stored with it so every retry sends the same bytes."""

    email = models.ForeignKey(OutgoingEmail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        ordering = ["email", "id"]

    def __str__(self) -> str:
        return self.filename


class PostalLetter(models.Model):
    """A printed document handed to the operator's postal provider (see `postal`)."""

    class Status(models.TextChoices):
        PENDING = "pending", "pending"
        SENT = "sent", "sent"  # the provider accepted it
        FAILED = "failed", "failed"  # gave up after the last attempt

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="postal_letters"
    )
    invoice = models.ForeignKey(
        "invoicing.Invoice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="postal_letters",
    )
    # name, street, post_code, city, country: where the letter goes.
    address = models.JSONField(default=dict)
    # The document as the caller named it (e.g. `d_kop`) and as it was printed.
    doc_type = models.CharField(max_length=20, blank=True)
    print_option = models.CharField(max_length=20)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The start of the provider's answer to the accepted attempt (its reference).
    provider_response = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="postal_letter_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"letter {self.pk} to {self.address.get('name', '')} ({self.status})"


class PostalAttempt(models.Model):
    """One try at handing a letter to the postal provider."""

    letter = models.ForeignKey(PostalLetter, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    ok = models.BooleanField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        outcome = "ok" if self.ok else "error"
        return f"letter {self.letter_id} at {self.started_at:%Y-%m-%d %H:%M:%S}: {outcome}"
