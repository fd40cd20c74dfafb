"""Reads of what was sent: an invoice's e-mails with their delivery state (API and panel)."""

from django.db.models import Prefetch, QuerySet

from faktura.accounts.models import Account
from faktura.delivery.models import OutgoingEmail, OutgoingEmailAttachment
from faktura.invoicing.selectors import get_invoice


def invoice_emails(*, account: Account, invoice_id: int) -> QuerySet[OutgoingEmail]:
    """The e-mails that carried the account's invoice, newest first, attachments loaded
    without their bytes. NotFound when the invoice is missing or another account's.

    Each row's `status` is `pending` (queued or waiting for a retry: `attempts`,
    `last_error` and `next_attempt_at` say how it went), `sent` (`sent_at`) or
    `failed` (given up; `last_error` holds the mail server's last answer).
    """
    invoice = get_invoice(account=account, id=invoice_id)
    attachments = OutgoingEmailAttachment.objects.defer("content")
    return (
        OutgoingEmail.objects.filter(account=account, invoice=invoice)
        .prefetch_related(Prefetch("attachments", queryset=attachments))
        .order_by("-created_at", "-id")
    )
