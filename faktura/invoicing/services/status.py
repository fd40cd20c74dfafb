"""Invoice actions that change no amounts or positions: status, cancellation, deletion.

Each function is one transaction: the invoice row is locked (on PostgreSQL) while it
changes, so two concurrent calls never lose each other's change. Another account's
id raises the same NotFound as a missing one; a status outside the allowed set raises
BadParameter (400), a rule broken by the current state raises Invalid (422).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.attachments.services import attachment_files_discard
from faktura.errors import BadParameter, Invalid
from faktura.events import announce
from faktura.invoicing.models import Invoice
from faktura.invoicing.numbering import Pattern, PatternError
from faktura.invoicing.selectors import invoice_amount_due
from faktura.invoicing.series import number_release
from faktura.tenancy import get_owned
from faktura.warehouse.services.invoices import invoice_stock_sync

STATUSES = tuple(Invoice.Status.values)


def _locked(account: Account, id: int) -> Invoice:
    return get_owned(Invoice.objects.select_for_update(), account=account, id=id)


def invoice_change_status(*, account: Account, id: int, status: str | None) -> Invoice:
    """Set the status (`issued`, `sent`, `paid`, `partial` or `rejected`). Atomic.

    `paid` also sets `paid` to the amount due (`price_gross`, plus charges minus
    deductions when there are settlement positions) and `paid_date` to today
    unless it is already set, as the hosted service does. Other statuses leave
    `paid` and `paid_date` as they are: a payment once recorded is not erased by
    a status. The invoice is looked up first, so an unknown id is a 404 whatever
    the status. Raises BadParameter for another status, Invalid for a cancelled
    invoice.
    """
    with transaction.atomic():
        invoice = _locked(account, id)
        if status not in STATUSES:
            raise BadParameter("status", f"must be one of: {', '.join(STATUSES)}; got {status!r}")
        if invoice.cancelled:
            raise Invalid.field("status", _("cannot be changed: the invoice is cancelled"))
        invoice.status = status
        changed = ["status", "updated_at"]
        if status == Invoice.Status.PAID:
            invoice.paid = invoice_amount_due(invoice)
            changed.append("paid")
            if invoice.paid_date is None:
                invoice.paid_date = timezone.localdate()
                changed.append("paid_date")
        invoice.save(update_fields=changed)
        announce.invoice_changed(account=account, invoice_id=invoice.pk, action="update")
    return invoice


def invoice_cancel(*, account: Account, id: int, reason: str = "") -> Invoice:
    """Cancel an invoice: `cancelled`, kind `canceled`, `cancel_reason`. Atomic.

    The invoice keeps its number (a cancelled document stays in its series).
    Raises Invalid naming `cancel_invoice_id` when it is already cancelled.
    """
    with transaction.atomic():
        invoice = _locked(account, id)
        if invoice.cancelled:
            raise Invalid.field("cancel_invoice_id", _("the invoice is already cancelled"))
        _refuse_if_deducted(invoice, "cancel_invoice_id")
        invoice.cancelled = True
        invoice.kind = Invoice.Kind.CANCELED
        invoice.cancel_reason = reason.strip()
        invoice.save(update_fields=["cancelled", "kind", "cancel_reason", "updated_at"])
        invoice_stock_sync(account=account, invoice=invoice)
        announce.invoice_changed(account=account, invoice_id=invoice.pk, action="update")
    return invoice


def invoice_delete(*, account: Account, id: int) -> None:
    """Delete an invoice with its positions, notes, settlements, bank accounts and
    attachments (their files once committed). Atomic.

    When it holds the last number taken in its series, the number is freed, so the
    next invoice takes it again and the series stays gapless
    (`series.number_release`). Numbers given by hand (no counter) and expense
    documents free nothing.
    """
    with transaction.atomic():
        invoice = _locked(account, id)
        _refuse_if_deducted(invoice, "id")
        announce.invoice_changed(account=account, invoice_id=invoice.pk, action="destroy")
        invoice_stock_sync(account=account, invoice=invoice, deleting=True)
        _release_number(account, invoice)
        attachment_files_discard(account=account, invoices=Invoice.objects.filter(pk=invoice.pk))
        invoice.delete()


def _refuse_if_deducted(invoice: Invoice, field: str) -> None:
    """An advance a final invoice deducts stays: the final's totals rest on it."""
    final = invoice.finals.filter(cancelled=False).first()
    if final is not None:
        raise Invalid.field(
            field,
            _("is deducted by the final invoice %(number)s: delete or cancel that first")
            % {"number": final.number},
        )


def _release_number(account: Account, invoice: Invoice) -> None:
    if not (invoice.income and invoice.counter and invoice.pattern and invoice.series):
        return
    try:
        pattern = Pattern.parse(invoice.pattern)
    except PatternError:
        # Only a pattern that numbered the invoice is stored with its counter;
        # anything else cannot name a counter to go back.
        return
    number_release(
        account=account,
        series=invoice.series,
        pattern=pattern,
        issue_date=invoice.issue_date,
        counter=invoice.counter,
    )
