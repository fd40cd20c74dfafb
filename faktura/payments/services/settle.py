"""How payments settle invoices.

A payment names its invoices in an order (`invoice_ids`, or one `invoice_id`). Its
`price` goes to them in that order: each takes what it still has to pay (its
amount due less what other paid payments already give it), and the last takes
whatever is left, so an overpayment shows on the invoice rather than vanishing.
Only paid payments (`paid: true`) count. An invoice's `paid` is the sum of what
paid payments give it, its `status` follows (`money.payment_status`: paid,
partial, or back to issued), and its `paid_date` is the day of the latest of
those payments.
"""

from decimal import Decimal

from django.db.models import Max, Sum
from django.utils import timezone

from faktura.invoicing import money
from faktura.invoicing.models import Invoice
from faktura.invoicing.selectors import invoice_amount_due
from faktura.payments.models import Allocation, Payment

ZERO = Decimal("0.00")


def allocations_for(payment: Payment, invoices: list[Invoice]) -> list[Allocation]:
    """The payment's split over `invoices` (unsaved rows), in their order."""
    remaining = payment.price if payment.paid else ZERO
    rows = []
    for order, invoice in enumerate(invoices):
        if order == len(invoices) - 1:
            take = remaining
        else:
            due = invoice_amount_due(invoice) - _paid_by_others(invoice, payment)
            take = min(max(due, ZERO), remaining)
        remaining -= take
        rows.append(
            Allocation(
                account=payment.account,
                payment=payment,
                invoice=invoice,
                order=order,
                amount=take,
            )
        )
    return rows


def _paid_by_others(invoice: Invoice, payment: Payment) -> Decimal:
    paid = (
        Allocation.objects.filter(invoice=invoice, payment__paid=True)
        .exclude(payment_id=payment.pk)
        .aggregate(total=Sum("amount"))["total"]
    )
    return paid or ZERO


def invoices_settle(invoice_ids) -> list[tuple[Invoice, bool]]:
    """Recompute `paid`, `status` and `paid_date` of these invoices from their payments.

    Runs in the caller's transaction; the invoices are locked in id order. Returns
    each invoice with whether any of the three changed.
    """
    changed = []
    for invoice in Invoice.objects.select_for_update().filter(pk__in=invoice_ids).order_by("pk"):
        paid_rows = Allocation.objects.filter(invoice=invoice, payment__paid=True)
        totals = paid_rows.aggregate(total=Sum("amount"), latest=Max("payment__paid_date"))
        before = (invoice.paid, invoice.status, invoice.paid_date)
        paid = totals["total"] or ZERO
        due = invoice_amount_due(invoice)
        invoice.paid = paid
        if invoice.status in (Invoice.Status.ISSUED, Invoice.Status.PAID, Invoice.Status.PARTIAL):
            invoice.status = money.payment_status(due, paid) if paid else Invoice.Status.ISSUED
        elif paid:
            invoice.status = money.payment_status(due, paid)
        latest = totals["latest"]
        invoice.paid_date = timezone.localdate(latest) if latest is not None and paid else None
        moved = (invoice.paid, invoice.status, invoice.paid_date) != before
        if moved:
            invoice.save(update_fields=["paid", "status", "paid_date", "updated_at"])
        changed.append((invoice, moved))
    return changed
