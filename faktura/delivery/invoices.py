"""Sending an invoice to its buyer: by e-mail through the outbox, or by post (see `postal`).

`invoice_send_by_email` is what `POST /invoices/{id}/send_by_email` and the
other API family's `deliver` call with `type=mail` run. One transaction: the
invoice row is locked, the e-mail (with its PDF) is queued, the buyer's address
is updated when asked, and an `issued` invoice becomes `sent`; a refused call
changes nothing and sends nothing.

Decisions where the reference is silent:
- Without `email_to` the message goes to the invoice's recipient's e-mail when
  the invoice has a recipient (`recipient_id` or `recipient_name`) with an
  e-mail, else to `buyer_email`, else to the e-mail of the client the invoice
  was issued for. `update_buyer_email` writes the same field a later send reads
  (`recipient_email` when there is a recipient), so the two agree;
  `update_buyer_email` without `email_to` has nothing to store and is ignored.
- `email_to` and `email_cc` take at most MAX_ADDRESSES addresses each (the
  reference limits `email_to` to 5; the same bound keeps `email_cc` from
  turning the server into a mass mailer).
- A cancelled invoice is not sent (422): its buyer owes nothing on it.
- The message speaks the account's language (`Account.lang`: pl, en or uk),
  whatever the invoice's printed language; the document's title (as printed)
  and number are in the subject.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.accounts.urls import account_url
from faktura.delivery.models import OutgoingEmail
from faktura.delivery.services import Attachment, email_queue
from faktura.documents.pdf import ORIGINAL, PRINT_OPTIONS, invoice_pdf
from faktura.documents.responses import pdf_filename
from faktura.documents.snapshot import invoice_title
from faktura.errors import BadParameter, Invalid
from faktura.events import announce
from faktura.invoicing.models import Invoice
from faktura.invoicing.selectors import invoice_amount_due
from faktura.tenancy import get_owned

MAX_ADDRESSES = 5
LANGUAGES = ("pl", "en", "uk")
PDF_CONTENT_TYPE = "application/pdf"


@dataclass(frozen=True)
class SentEmail:
    invoice: Invoice
    email: OutgoingEmail


def check_print_option(value: str | None, *, name: str = "print_option") -> str:
    """`value` when it is one of PRINT_OPTIONS (None means original); BadParameter otherwise."""
    if value is None:
        return ORIGINAL
    if value not in PRINT_OPTIONS:
        raise BadParameter(name, f"must be one of: {', '.join(PRINT_OPTIONS)}; got {value!r}")
    return value


def clean_addresses(addresses: list[str] | None, *, field: str) -> list[str]:
    """The addresses trimmed, each checked; Invalid on `field` naming a bad one or too many."""
    cleaned = [address.strip() for address in addresses or [] if address.strip()]
    if len(cleaned) > MAX_ADDRESSES:
        raise Invalid.field(
            field,
            _("at most %(max)d addresses may be given, got %(count)d")
            % {"max": MAX_ADDRESSES, "count": len(cleaned)},
        )
    for address in cleaned:
        try:
            validate_email(address)
        except ValidationError:
            raise Invalid.field(
                field, _("%(address)r is not a valid e-mail address") % {"address": address}
            ) from None
    return cleaned


def has_recipient(invoice: Invoice) -> bool:
    return bool(invoice.recipient_id or invoice.recipient_name)


def default_addresses(invoice: Invoice) -> list[str]:
    """Where the invoice goes when the caller names no address (see the module docstring)."""
    candidates = [invoice.buyer_email]
    if has_recipient(invoice):
        candidates.insert(0, invoice.recipient_email)
    if invoice.client_id and invoice.client is not None:
        candidates.append(invoice.client.email)
    for candidate in candidates:
        addresses = [part.strip() for part in (candidate or "").split(",") if part.strip()]
        if addresses:
            return addresses[:MAX_ADDRESSES]
    return []


def locked_invoice(account: Account, id: int) -> Invoice:
    return get_owned(Invoice.objects.select_for_update(), account=account, id=id)


def refuse_cancelled(invoice: Invoice, field: str) -> None:
    if invoice.cancelled:
        raise Invalid.field(field, _("the invoice is cancelled and is not sent"))


def mark_sent(account: Account, invoice: Invoice, changed: list[str]) -> None:
    """An issued invoice becomes sent (other statuses stay); `sent_time` is now. Saves."""
    invoice.sent_time = timezone.now()
    changed = [*changed, "sent_time", "updated_at"]
    if invoice.status == Invoice.Status.ISSUED:
        invoice.status = Invoice.Status.SENT
        changed.append("status")
    invoice.save(update_fields=changed)
    announce.invoice_changed(account=account, invoice_id=invoice.pk, action="update")


def invoice_pdf_attachment(invoice: Invoice, print_option: str) -> Attachment:
    return Attachment(
        filename=pdf_filename(invoice_title(invoice), invoice.number),
        content_type=PDF_CONTENT_TYPE,
        content=invoice_pdf(invoice, print_option=print_option),
    )


def invoice_send_by_email(
    *,
    account: Account,
    id: int,
    to: list[str] | None = None,
    cc: list[str] | None = None,
    attach_pdf: bool = False,
    print_option: str | None = None,
    update_buyer_email: bool = False,
    to_field: str = "email_to",
) -> SentEmail:
    """E-mail the invoice (see the module docstring). Atomic.

    The invoice is looked up first (NotFound for another account's id). Raises
    BadParameter for a `print_option` outside PRINT_OPTIONS; Invalid on
    `to_field` (or `email_cc`) for a bad address, too many, or none at all, and
    on `id` for a cancelled invoice. The e-mail, its PDF and the invoice's
    changes are written together; delivery is enqueued on commit.
    """
    with transaction.atomic():
        invoice = locked_invoice(account, id)
        print_option = check_print_option(print_option)
        refuse_cancelled(invoice, "id")
        given = clean_addresses(to, field=to_field)
        cc = clean_addresses(cc, field="email_cc")
        recipients = given or default_addresses(invoice)
        if not recipients:
            raise Invalid.field(
                to_field,
                _("the invoice has no buyer e-mail address (buyer_email): give %(field)s")
                % {"field": to_field},
            )
        changed: list[str] = []
        if update_buyer_email and given:
            field = "recipient_email" if has_recipient(invoice) else "buyer_email"
            setattr(invoice, field, given[0])
            changed.append(field)
        attachments = [invoice_pdf_attachment(invoice, print_option)] if attach_pdf else []
        with translation.override(_language(account)):
            message = invoice_message(account, invoice, attached=attach_pdf)
        email = email_queue(
            account=account,
            to=recipients,
            cc=cc,
            subject=message.subject,
            body_text=message.text,
            body_html=message.html,
            attachments=attachments,
            invoice=invoice,
        )
        mark_sent(account, invoice, changed)
    return SentEmail(invoice=invoice, email=email)


def _language(account: Account) -> str:
    return account.lang if account.lang in LANGUAGES else "pl"


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def invoice_link(account: Account, invoice: Invoice) -> str:
    """The invoice's public page (the `view_url` of the API's output)."""
    return f"{account_url(account.prefix)}/invoice/{invoice.token}"


def invoice_message(account: Account, invoice: Invoice, *, attached: bool) -> Message:
    """The e-mail carrying an invoice, in the active language: subject, text and HTML."""
    document = f"{invoice_title(invoice)} {invoice.number}".strip()
    seller = invoice.seller_name or account.name or account.prefix
    link = invoice_link(account, invoice)
    # Written as the language writes numbers: 123,00 in Polish, 123.00 in English.
    amount = f"{number_format(invoice_amount_due(invoice), 2, use_l10n=True)} {invoice.currency}"
    subject = _("%(document)s from %(seller)s") % {"document": document, "seller": seller}
    paragraphs = [
        _("Hello,"),
        _("%(seller)s sends you the document %(document)s.")
        % {"seller": seller, "document": document},
        _("Amount to pay: %(amount)s") % {"amount": amount},
    ]
    if invoice.payment_to is not None:
        paragraphs.append(_("Payment due by: %(date)s") % {"date": invoice.payment_to.isoformat()})
    if attached:
        paragraphs.append(_("The document is attached as a PDF file."))
    view = _("View and download the document:")
    closing = [_("Regards,"), seller]
    text = "\n\n".join([*paragraphs, f"{view}\n{link}", "\n".join(closing)]) + "\n"
    html = format_html(
        '<html><body>{paragraphs}<p>{view}<br><a href="{link}">{link}</a></p>'
        "<p>{regards}<br>{seller}</p></body></html>",
        paragraphs=format_html_join("", "<p>{}</p>", ((paragraph,) for paragraph in paragraphs)),
        view=view,
        link=link,
        regards=closing[0],
        seller=seller,
    )
    # A seller name with a line break must not break the subject line.
    return Message(subject=" ".join(subject.split()), text=text, html=str(html))
