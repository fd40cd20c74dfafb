"""Reads of attachments: an invoice's list, one attachment, and what the buyer may see."""

from django.db.models import QuerySet

from faktura.accounts.models import Account
from faktura.attachments.models import Attachment
from faktura.errors import NotFound
from faktura.invoicing.models import Invoice
from faktura.invoicing.selectors import get_invoice
from faktura.tenancy import get_owned, possible_id


def attachment_list(*, account: Account, invoice_id: int) -> QuerySet[Attachment]:
    """The invoice's attachments, oldest first. NotFound as `get_invoice`."""
    invoice = get_invoice(account=account, id=invoice_id)
    return Attachment.objects.filter(account=account, invoice=invoice).order_by("created_at", "id")


def get_attachment(*, account: Account, invoice_id: int, id: int) -> Attachment:
    """One attachment of the account's invoice; NotFound for any other."""
    invoice = get_invoice(account=account, id=invoice_id)
    return get_owned(Attachment.objects.filter(invoice=invoice), account=account, id=id)


def public_attachments(invoice: Invoice) -> list[Attachment]:
    """What the buyer's public page lists: the attachments, when the invoice shows them."""
    if not invoice.show_attachments:
        return []
    return list(Attachment.objects.filter(invoice=invoice).order_by("created_at", "id"))


def public_attachment(*, token: str, id: int, host_prefix: str | None = None) -> Attachment:
    """The attachment `id` of the invoice whose public link holds `token`, when that
    invoice shows its attachments. NotFound for an unknown token, an attachment of
    another invoice, hidden attachments, and a Host naming another account."""
    if not token or not possible_id(id):
        raise NotFound()
    attachment = (
        Attachment.objects.select_related("invoice", "account")
        .filter(pk=id, invoice__token=token, invoice__show_attachments=True)
        .first()
    )
    if attachment is None:
        raise NotFound()
    if host_prefix is not None and host_prefix != attachment.account.prefix:
        raise NotFound()
    return attachment
