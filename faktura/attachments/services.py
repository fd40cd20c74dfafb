"""Every write of attachments: credentials, receiving an upload, attaching, deleting.

The three steps of the reference (`get_new_attachment_credentials`, the
multipart POST, `add_attachment?file_name=…`):

1. `attachment_credentials` signs a policy (see `signing`) for one invoice:
   a fresh random key, the account, the invoice, the size limit
   (FAKTURA_ATTACHMENT_MAX_BYTES) and an expiry UPLOAD_LIFETIME ahead. Nothing
   is stored; the signature carries the authority. A policy may be used for
   several uploads until it expires, as an S3 POST policy may.
2. `upload_receive` checks the posted form against the policy, stores the file
   under a random name and records a `PendingUpload`, kept PENDING_LIFETIME
   after the policy's expiry.
3. `attachment_add` attaches the newest pending upload of that invoice whose
   cleaned name is the cleaned `file_name`; older pending uploads of the same
   name are discarded (the last upload of a name wins).

Files are deleted only after the transaction that stops referring to them
commits, and files written by a transaction that fails are deleted at once.
Expired pending uploads are removed whenever a new upload arrives.
"""

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.accounts.urls import account_url
from faktura.attachments import names, signing
from faktura.attachments.models import Attachment, PendingUpload
from faktura.errors import BadParameter, DomainError, Invalid
from faktura.events import announce
from faktura.invoicing.models import Invoice
from faktura.invoicing.selectors import get_invoice
from faktura.tenancy import get_owned

logger = logging.getLogger(__name__)

UPLOAD_LIFETIME = dt.timedelta(hours=1)
PENDING_LIFETIME = dt.timedelta(days=1)

# Why an upload is refused besides its policy (signing.PolicyError).
NO_FILE = "no_file"
EMPTY_FILE = "empty_file"
TOO_LARGE = "too_large"
WRONG_HOST = "wrong_host"
NO_INVOICE = "no_invoice"


class UploadRefused(DomainError):
    """An upload that does not match its policy or limits; `field` names the form field."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def attachment_credentials(*, account: Account, invoice_id: int) -> dict[str, str]:
    """The form fields and URL for uploading one file to the invoice. NotFound as
    `get_invoice`. Writes nothing."""
    invoice = get_invoice(account=account, id=invoice_id)
    policy = signing.Policy(
        key=signing.new_key(),
        account_id=account.pk,
        invoice_id=invoice.pk,
        max_size=settings.FAKTURA_ATTACHMENT_MAX_BYTES,
        expires_at=timezone.now() + UPLOAD_LIFETIME,
    )
    url = account_url(account.prefix) + signing.UPLOAD_PATH
    return signing.credentials(policy, url=url, secret=settings.SECRET_KEY)


def upload_receive(
    *, fields: dict[str, str], file: UploadedFile | None, host_prefix: str | None
) -> tuple[signing.Policy, PendingUpload]:
    """Check a posted upload form and keep its file as a pending upload. Atomic.

    Raises signing.PolicyError (bad signature, expired, fields not the policy's)
    or UploadRefused (no or empty file, over the policy's size, a Host naming
    another account, the invoice deleted since).
    """
    policy = signing.verify(fields, secret=settings.SECRET_KEY, now=timezone.now())
    if file is None:
        raise UploadRefused("file", NO_FILE)
    if file.size == 0:
        raise UploadRefused("file", EMPTY_FILE)
    if file.size > min(policy.max_size, settings.FAKTURA_ATTACHMENT_MAX_BYTES):
        raise UploadRefused("file", TOO_LARGE)
    invoice = (
        Invoice.objects.select_related("account")
        .filter(pk=policy.invoice_id, account_id=policy.account_id)
        .first()
    )
    if invoice is None:
        raise UploadRefused("key", NO_INVOICE)
    if host_prefix is not None and host_prefix != invoice.account.prefix:
        raise UploadRefused("url", WRONG_HOST)
    file_name = names.clean_name(file.name or "")
    stored = _store(invoice.account, file)
    try:
        with transaction.atomic():
            _purge_expired()
            pending = PendingUpload.objects.create(
                account=invoice.account,
                invoice=invoice,
                key=signing.key_token(policy.key),
                file=stored,
                file_name=file_name,
                content_type=names.content_type(file.content_type, file_name),
                size=file.size,
                expires_at=policy.expires_at + PENDING_LIFETIME,
            )
    except BaseException:
        default_storage.delete(stored)
        raise
    return policy, pending


def _store(account: Account, file: UploadedFile) -> str:
    name = f"attachments/{account.pk}/{secrets.token_hex(16)}"
    file.seek(0)
    return default_storage.save(name, file)


def _purge_expired() -> None:
    expired = PendingUpload.objects.filter(expires_at__lte=timezone.now())
    _discard_files(expired.values_list("file", flat=True))
    expired.delete()


def attachment_add(*, account: Account, invoice_id: int, file_name: str | None) -> Attachment:
    """Attach the invoice's newest pending upload named `file_name`. Atomic.

    NotFound as `get_invoice`; BadParameter without a `file_name`; Invalid naming
    `file_name` when no file of that name was uploaded for the invoice (or its
    upload expired). Announces `invoice:update`.
    """
    with transaction.atomic():
        invoice = get_invoice(account=account, id=invoice_id)
        if file_name is None or not file_name.strip():
            raise BadParameter("file_name", _("is required: the name of the uploaded file"))
        name = names.clean_name(file_name)
        uploads = PendingUpload.objects.filter(
            account=account, invoice=invoice, file_name=name, expires_at__gt=timezone.now()
        ).order_by("-created_at", "-id")
        for pending in uploads:
            # Claim the row: of two requests attaching the same upload, one wins.
            claimed, _counts = PendingUpload.objects.filter(pk=pending.pk).delete()
            if claimed:
                break
        else:
            raise Invalid.field(
                "file_name",
                _("no file named %(name)s was uploaded for this invoice (or its upload expired)")
                % {"name": name},
            )
        older = PendingUpload.objects.filter(account=account, invoice=invoice, file_name=name)
        _discard_files(older.values_list("file", flat=True))
        older.delete()
        attachment = Attachment.objects.create(
            account=account,
            invoice=invoice,
            file=pending.file.name,
            file_name=pending.file_name,
            content_type=pending.content_type,
            size=pending.size,
        )
        announce.invoice_changed(account=account, invoice_id=invoice.pk, action="update")
    return attachment


def attachment_delete(*, account: Account, invoice_id: int, id: int) -> None:
    """Delete one attachment of the invoice; its file goes once committed. Atomic.

    NotFound for another account's invoice or an attachment of another invoice.
    Announces `invoice:update`.
    """
    with transaction.atomic():
        invoice = get_invoice(account=account, id=invoice_id)
        attachment = get_owned(Attachment.objects.filter(invoice=invoice), account=account, id=id)
        _discard_files([attachment.file.name])
        attachment.delete()
        announce.invoice_changed(account=account, invoice_id=invoice.pk, action="update")


def attachment_files_discard(*, account: Account, invoices: QuerySet[Invoice] | None = None):
    """Delete, once the caller's transaction commits, the files of the attachments and
    pending uploads of `invoices` (all the account's when None). For the services that
    delete invoices or accounts: the rows go by cascade, files are not rows."""
    for model in (Attachment, PendingUpload):
        rows = model.objects.filter(account=account)
        if invoices is not None:
            rows = rows.filter(invoice__in=invoices)
        _discard_files(rows.values_list("file", flat=True))


def _discard_files(stored_names) -> None:
    for name in list(stored_names):
        if name:
            transaction.on_commit(lambda name=name: _delete_file(name))


def _delete_file(name: str) -> None:
    # The rows are gone already: a file left behind is logged, not the request failed.
    try:
        default_storage.delete(name)
    except Exception:
        logger.exception("Could not delete the attachment file %s", name)
