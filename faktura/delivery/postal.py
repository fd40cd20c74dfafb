"""Letters: an invoice printed and handed to the operator's postal provider.

Faktura prints nothing on paper itself. An operator who has a postal service
(a print-and-mail company, an in-house mail room) sets `FAKTURA_POSTAL_URL`
(and optionally `FAKTURA_POSTAL_TOKEN`, sent as `Authorization: Bearer …`).
Each letter is then POSTed there as JSON:

    {"letter_id": 7, "account": "acme", "invoice_id": 12, "invoice_number": "FV 1/11/2026",
     "doc_type": "d_kop", "print_option": "duplicate",
     "address": {"name": …, "street": …, "post_code": …, "city": …, "country": …},
     "document": {"filename": "Faktura_VAT_FV_1-11-2026.pdf",
                  "content_type": "application/pdf", "content_base64": "JVBERi0…"}}

with the header `Idempotency-Key: faktura-letter-<letter_id>`, the same on every
try, so a provider can recognise a repeat. Any 2xx answer means the provider
took the letter (its answer's start is kept as `provider_response`); anything
else, a timeout or a refused connection is tried again after `retry_delay`
(30 s doubling to an hour), MAX_ATTEMPTS times in all. Redirects are not
followed; each try waits at most TIMEOUT seconds.

Without a provider, `letter_queue` refuses (Invalid on `type`): nothing is
recorded that nobody would deliver. The letter row (with the PDF) is written in
the caller's transaction, and the delivery task is enqueued on commit.
"""

import base64
import http.client
import json
import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.delivery import tasks
from faktura.delivery.invoices import (
    check_print_option,
    invoice_pdf_attachment,
    locked_invoice,
    mark_sent,
    refuse_cancelled,
)
from faktura.delivery.models import PostalAttempt, PostalLetter
from faktura.delivery.services import MAX_ATTEMPTS, requeue_stale, retry_delay
from faktura.errors import Invalid
from faktura.invoicing.models import Invoice

logger = logging.getLogger(__name__)

TIMEOUT = 20
LEASE = timedelta(seconds=TIMEOUT * 3)
RETRY_DUE_BATCH = 200
EXCERPT_CHARS = 1000
USER_AGENT = "Faktura-Postal/1"
ADDRESS_FIELDS = ("name", "street", "post_code", "city", "country")
REQUIRED_ADDRESS_FIELDS = ("name", "street", "post_code", "city")


def provider_configured() -> bool:
    return bool(getattr(settings, "FAKTURA_POSTAL_URL", ""))


def postal_address(invoice: Invoice) -> dict[str, str]:
    """The buyer's postal address as the invoice shows it."""
    name = invoice.buyer_name or f"{invoice.buyer_first_name} {invoice.buyer_last_name}".strip()
    return {
        "name": name,
        "street": invoice.buyer_street,
        "post_code": invoice.buyer_post_code,
        "city": invoice.buyer_city,
        "country": invoice.buyer_country,
    }


def letter_queue(
    *, account: Account, id: int, print_option: str | None = None, doc_type: str = ""
) -> PostalLetter:
    """Print the invoice and record it as a letter to its buyer's address. Atomic.

    The invoice is looked up first (NotFound for another account's id). Raises
    Invalid on `type` when no postal provider is configured, on `id` for a
    cancelled invoice, on `address` when the buyer's name, street, post code or
    city is missing; BadParameter for a `print_option` outside the set. An
    issued invoice becomes sent, as with e-mail.
    """
    with transaction.atomic():
        invoice = locked_invoice(account, id)
        print_option = check_print_option(print_option)
        if not provider_configured():
            raise Invalid.field(
                "type",
                _(
                    "postal delivery needs a postal provider, and this server has none "
                    "(the operator sets FAKTURA_POSTAL_URL)"
                ),
            )
        refuse_cancelled(invoice, "id")
        address = postal_address(invoice)
        missing = [field for field in REQUIRED_ADDRESS_FIELDS if not address[field].strip()]
        if missing:
            raise Invalid.field(
                "address",
                _("the buyer's postal address is incomplete: %(fields)s missing")
                % {"fields": ", ".join(f"buyer_{field}" for field in missing)},
            )
        document = invoice_pdf_attachment(invoice, print_option)
        letter = PostalLetter.objects.create(
            account=account,
            invoice=invoice,
            address=address,
            doc_type=doc_type,
            print_option=print_option,
            filename=document.filename,
            content=document.content,
            next_attempt_at=timezone.now(),
        )
        mark_sent(account, invoice, [])
        _enqueue_on_commit(letter.pk)
    return letter


def letter_body(letter: PostalLetter) -> bytes:
    """The exact JSON sent to the provider (see the module docstring)."""
    invoice = letter.invoice
    payload = {
        "letter_id": letter.pk,
        "account": letter.account.prefix,
        "invoice_id": letter.invoice_id,
        "invoice_number": invoice.number if invoice is not None else "",
        "doc_type": letter.doc_type,
        "print_option": letter.print_option,
        "address": {field: letter.address.get(field, "") for field in ADDRESS_FIELDS},
        "document": {
            "filename": letter.filename,
            "content_type": "application/pdf",
            "content_base64": base64.b64encode(bytes(letter.content)).decode("ascii"),
        },
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_CHARS * 4).decode("utf-8", "replace")[:EXCERPT_CHARS]
        return response.status, excerpt
    finally:
        connection.close()


def _claim(letter_id: int, now: datetime) -> PostalLetter | None:
    """Take the letter for one attempt (a lease, as `services._claim` does for e-mail)."""
    with transaction.atomic():
        # No select_related: PostgreSQL cannot lock the nullable side of an outer join.
        letter = PostalLetter.objects.select_for_update().filter(pk=letter_id).first()
        if letter is None or letter.status != PostalLetter.Status.PENDING:
            return None
        if letter.attempts and letter.next_attempt_at and letter.next_attempt_at > now:
            return None
        letter.attempts += 1
        letter.next_attempt_at = now + LEASE
        letter.save(update_fields=["attempts", "next_attempt_at"])
    return letter


def letter_deliver(*, letter_id: int) -> None:
    """Hand one letter to the provider; on failure schedule the next try.

    Safe to run twice or concurrently (the attempt is claimed first). The
    provider is called outside any transaction. Each try is a PostalAttempt.
    """
    started = timezone.now()
    letter = _claim(letter_id, started)
    if letter is None:
        return
    url = getattr(settings, "FAKTURA_POSTAL_URL", "")
    status, excerpt, error = None, "", ""
    if not url:
        error = "No postal provider is configured (FAKTURA_POSTAL_URL)"
    else:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Idempotency-Key": f"faktura-letter-{letter.pk}",
        }
        token = getattr(settings, "FAKTURA_POSTAL_TOKEN", "")
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            status, excerpt = _post(url, letter_body(letter), headers)
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"[:EXCERPT_CHARS]
        else:
            if not 200 <= status < 300:
                error = f"HTTP {status}: {excerpt}"[:EXCERPT_CHARS]
    _record(letter, started, status, excerpt, error)


def _record(letter: PostalLetter, started, status, excerpt: str, error: str) -> None:
    finished = timezone.now()
    with transaction.atomic():
        PostalAttempt.objects.create(
            letter=letter,
            started_at=started,
            finished_at=finished,
            ok=not error,
            status_code=status,
            error=error,
        )
        if not error:
            letter.status = PostalLetter.Status.SENT
            letter.sent_at = finished
            letter.next_attempt_at = None
            letter.last_error = ""
            letter.provider_response = excerpt
        elif letter.attempts >= MAX_ATTEMPTS:
            letter.status = PostalLetter.Status.FAILED
            letter.next_attempt_at = None
            letter.last_error = error
            logger.warning("Gave up on letter %s after %s attempts", letter.pk, letter.attempts)
        else:
            letter.next_attempt_at = finished + retry_delay(letter.attempts)
            letter.last_error = error
            _enqueue_on_commit(letter.pk, run_after=letter.next_attempt_at)
        letter.save(
            update_fields=[
                "status",
                "sent_at",
                "next_attempt_at",
                "last_error",
                "provider_response",
            ]
        )


def _enqueue_on_commit(letter_id: int, *, run_after: datetime | None = None) -> None:
    def enqueue() -> None:
        task = tasks.deliver_letter
        if run_after:
            task = task.using(run_after=run_after)
        task.enqueue(letter_id)

    transaction.on_commit(enqueue)


def letters_retry_due(*, now: datetime | None = None) -> int:
    """Enqueue again pending letters whose task was lost (see `services.requeue_stale`)."""
    return requeue_stale(
        PostalLetter, now=now or timezone.now(), enqueue=_enqueue_on_commit, batch=RETRY_DUE_BATCH
    )
