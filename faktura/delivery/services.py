"""Outgoing e-mail: queue it with the write that causes it, deliver it afterwards with retries."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.delivery import tasks
from faktura.delivery.models import EmailAttempt, OutgoingEmail, OutgoingEmailAttachment
from faktura.errors import Invalid

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY_DELAY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(hours=1)
# A pending e-mail this long past its due time lost its delivery task (a crash
# between commit and enqueue, or a wiped queue); the sweep enqueues it again.
STALE_AFTER = timedelta(minutes=5)
RETRY_DUE_BATCH = 500
SEND_TIMEOUT_SECONDS = 20
# How long a claimed attempt may take before another worker may try again.
SEND_LEASE = timedelta(minutes=2)
MAX_ERROR_CHARS = 2000


@dataclass(frozen=True)
class Attachment:
    """A file to send with an e-mail: its name as the receiver sees it, type and bytes."""

    filename: str
    content_type: str
    content: bytes


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 30 s, 60 s, 120 s, … at most 1 hour."""
    if attempts < 1:
        raise ValueError("attempts starts at 1")
    # Past 2**7 the cap applies anyway; the bound keeps the multiplication small.
    return min(FIRST_RETRY_DELAY * 2 ** min(attempts - 1, 16), MAX_RETRY_DELAY)


def _clean_addresses(addresses: list[str]) -> list[str]:
    cleaned = []
    for address in addresses:
        address = address.strip() if isinstance(address, str) else address
        try:
            if not isinstance(address, str):
                raise ValidationError("not a string")
            validate_email(address)
        except ValidationError:
            raise Invalid.field(
                "email", _("%(address)r is not a valid e-mail address") % {"address": address}
            ) from None
        cleaned.append(address)
    return cleaned


def _message_id() -> str:
    # The domain comes from the sender address rather than make_msgid's
    # default, which asks DNS for this host's name and may hang.
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def email_queue(
    *,
    account: Account | None,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    cc: list[str] | None = None,
    attachments: Sequence[Attachment] = (),
    invoice=None,
) -> OutgoingEmail:
    """Record an e-mail and deliver it once the surrounding transaction commits.

    Joins the caller's transaction: when that rolls back, the row goes with it
    (attachments too) and no delivery task is enqueued. `invoice` links the
    e-mail to the invoice it carries (its sending history). Raises `Invalid` on
    the field "email" naming the first bad address, or when there is no
    recipient, and on the field "subject" when the subject holds a line break.
    """
    to = _clean_addresses(to)
    cc = _clean_addresses(cc or [])
    if not to:
        raise Invalid.field("email", _("at least one recipient is required"))
    if "\n" in subject or "\r" in subject:
        raise Invalid.field("subject", _("must be a single line"))

    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            account=account,
            to=to,
            cc=cc,
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            next_attempt_at=timezone.now(),
            message_id=_message_id(),
            invoice=invoice,
        )
        OutgoingEmailAttachment.objects.bulk_create(
            OutgoingEmailAttachment(
                email=email,
                filename=attachment.filename,
                content_type=attachment.content_type,
                content=attachment.content,
            )
            for attachment in attachments
        )
        _enqueue_on_commit(email.id)
    return email


def _error_text(exc: Exception) -> str:
    text = f"{type(exc).__name__}: {exc}"
    # SMTP replies are echoed in exceptions; make sure a server that repeats
    # the login back cannot put the password into the database.
    password = getattr(settings, "EMAIL_HOST_PASSWORD", "")
    if password:
        text = text.replace(password, "***")
    return text[:MAX_ERROR_CHARS]


def _send(email: OutgoingEmail) -> None:
    connection = get_connection(
        fail_silently=False, timeout=settings.EMAIL_TIMEOUT or SEND_TIMEOUT_SECONDS
    )
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        to=email.to,
        cc=email.cc,
        headers={"Message-ID": email.message_id} if email.message_id else None,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    message.send(fail_silently=False)


def _claim(email_id: int, now: datetime) -> OutgoingEmail | None:
    """Take the e-mail for one attempt, or None when it is not ours to send now.

    The claim is a lease: `attempts` goes up and `next_attempt_at` moves to
    the end of the lease, in a short transaction. A duplicate task (one run
    twice, or one from the sweep) sees the lease and leaves the e-mail alone;
    a worker that dies mid-send leaves it to the sweep once the lease is over.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(id=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.PENDING:
            return None
        # A retry must not come early and shorten the backoff. The first attempt
        # has no backoff to protect, and is not skipped when the worker's clock
        # runs slightly behind the web server's.
        if email.attempts and email.next_attempt_at and email.next_attempt_at > now:
            return None
        email.attempts += 1
        email.next_attempt_at = now + SEND_LEASE
        email.save(update_fields=["attempts", "next_attempt_at"])
    return email


def email_deliver(*, email_id: int) -> None:
    """Try to send one queued e-mail; on failure schedule the next try.

    Safe to run twice or concurrently: the attempt is claimed first (see
    `_claim`), and an e-mail that is sent, failed or not yet due is left alone.
    The mail server is talked to outside any transaction, so a slow server
    never holds a database lock. Each try is recorded as an `EmailAttempt`. A
    failure stores the error, and either enqueues `deliver_email` again after
    `retry_delay` (on commit) or, at the `MAX_ATTEMPTS`-th failure, marks the
    e-mail `failed`. Raises nothing for a send error; a missing row is ignored
    (its account was deleted).
    """
    started_at = timezone.now()
    email = _claim(email_id, started_at)
    if email is None:
        return
    try:
        _send(email)
    except Exception as exc:  # any failure to hand over is retried, then given up
        error = _error_text(exc)
    else:
        error = ""
    finished_at = timezone.now()

    with transaction.atomic():
        EmailAttempt.objects.create(
            email=email,
            started_at=started_at,
            finished_at=finished_at,
            ok=not error,
            error=error,
        )
        if not error:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = finished_at
            email.next_attempt_at = None
            email.last_error = ""
        elif email.attempts >= MAX_ATTEMPTS:
            email.status = OutgoingEmail.Status.FAILED
            email.next_attempt_at = None
            email.last_error = error
            logger.warning("Gave up on e-mail %s after %s attempts", email.id, email.attempts)
        else:
            email.next_attempt_at = finished_at + retry_delay(email.attempts)
            email.last_error = error
            _enqueue_on_commit(email.id, run_after=email.next_attempt_at)
        email.save(update_fields=["status", "last_error", "next_attempt_at", "sent_at"])


def _enqueue_on_commit(email_id: int, *, run_after: datetime | None = None) -> None:
    def enqueue() -> None:
        task = tasks.deliver_email.using(run_after=run_after) if run_after else tasks.deliver_email
        task.enqueue(email_id)

    transaction.on_commit(enqueue)


def requeue_stale(model, *, now: datetime, enqueue, batch: int = RETRY_DUE_BATCH) -> int:
    """Enqueue again the pending rows of an outbox `model` more than `STALE_AFTER` past due.

    The safety net for a delivery task that was lost (a crash between commit and
    enqueue), shared by e-mails and letters: `model` has `status` and
    `next_attempt_at`; `enqueue(id)` schedules its delivery once the transaction
    commits. Pushes each picked row's `next_attempt_at` to `now`, so a worker that
    is down is not flooded with one task per sweep. Takes at most `batch` rows,
    oldest due first, and returns how many it enqueued. Cheap when nothing is due:
    one read on a partial index.
    """
    due = model.objects.filter(status="pending", next_attempt_at__lte=now - STALE_AFTER)
    # Nearly every sweep finds nothing; asking first keeps those sweeps from
    # opening a write transaction (on SQLite, the database's write lock).
    if not due.exists():
        return 0
    with transaction.atomic():
        ids = list(
            due.select_for_update().order_by("next_attempt_at").values_list("id", flat=True)[:batch]
        )
        model.objects.filter(id__in=ids).update(next_attempt_at=now)
        for row_id in ids:
            enqueue(row_id)
    return len(ids)


def email_retry_due(*, now: datetime | None = None) -> int:
    """Enqueue delivery again for pending e-mails whose task was lost (see `requeue_stale`)."""
    return requeue_stale(OutgoingEmail, now=now or timezone.now(), enqueue=_enqueue_on_commit)
