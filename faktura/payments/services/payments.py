"""Writes of payments ("Płatności"): create, update, delete, each settling its invoices.

Fields as the reference's examples send them (`name`, `price`, `currency`, `paid`,
`paid_date`, `kind`, `description`, `provider…`, buyer data, `oid`), with the
invoices paid named by `invoice_ids` (in the order they are settled) or one
`invoice_id`. A paid payment without `paid_date` is dated now. Every change
settles again the invoices the payment named before and after it (see
`settle`), in one transaction. Invoices must be the account's and not cancelled;
`client_id` the account's client.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts.models import Account, User
from faktura.catalog.models import Client, Department, Product
from faktura.errors import Invalid
from faktura.events import announce
from faktura.invoicing import money
from faktura.invoicing.models import Invoice
from faktura.invoicing.selectors import invoice_amount_due
from faktura.payments.models import Allocation, Payment
from faktura.payments.services.settle import allocations_for, invoices_settle
from faktura.tenancy import find_all_owned, get_owned, owned_or_error

TEXT_FIELDS = (
    "name",
    "currency",
    "kind",
    "description",
    "provider",
    "provider_title",
    "provider_status",
    "first_name",
    "last_name",
    "email",
    "phone",
    "street",
    "city",
    "post_code",
    "country",
    "oid",
    "external_payment_id",
    "invoice_name",
    "invoice_tax_no",
    "invoice_street",
    "invoice_city",
    "invoice_post_code",
    "invoice_country",
    "tax",
)
MAX_INVOICES = 1000
PRICE_LIMIT = Decimal(10) ** 16


def payment_create(*, account: Account, user: User | None, data: dict) -> Payment:
    """Record a payment and settle the invoices it names. Atomic.

    With `generate_invoice: true` (and no invoices named) the VAT invoice for the
    paid order is issued in the same transaction and the payment settles it: the
    buyer from `invoice_name`, `invoice_tax_no`, `invoice_street`, `invoice_city`,
    `invoice_post_code`, `invoice_country` (or the payer's name and e-mail), one
    position — `product_id` with `quantity`, or the payment's `name` — for the
    payment's gross `price`, at `tax` (the product's, else 23).
    """
    with transaction.atomic():
        payment = Payment(account=account, user=user)
        invoices = _apply(payment, account, data, replace_invoices=True)
        if data.get("generate_invoice") and not invoices:
            payment.generate_invoice = True
            invoices = [_generated_invoice(account, user, payment, data)]
        payment.save()
        _settle(account, payment, invoices, previous=[])
        announce.payment_changed(account=account, payment=payment, action="create")
    return payment


def invoice_pay_rest(
    *, account: Account, user: User | None, invoice_id: int, data: dict
) -> Payment:
    """Record a paid payment of all the invoice still has to pay (its amount due less
    what paid payments give it), settling it; `data` gives the rest of the payment
    (`name`, `paid_date`, …). Atomic. The invoice is locked before what is left is
    read, so two such calls at once pay it once: the second finds nothing left.

    Raises NotFound for another account's invoice, Invalid on `price` when nothing
    is left to pay.
    """
    with transaction.atomic():
        invoice = get_owned(Invoice.objects.select_for_update(), account=account, id=invoice_id)
        left = invoice_amount_due(invoice) - invoice.paid
        if left <= 0:
            raise Invalid.field("price", _("nothing is left to pay"))
        rest = {
            **data,
            "price": left,
            "currency": invoice.currency,
            "paid": True,
            "invoice_ids": [invoice.pk],
        }
        return payment_create(account=account, user=user, data=rest)


def payment_update(*, account: Account, id: int, data: dict) -> Payment:
    """Change the fields sent; the invoices (old and new) are settled again. Atomic."""
    with transaction.atomic():
        payment = get_owned(Payment.objects.select_for_update(), account=account, id=id)
        previous = list(payment.allocations.values_list("invoice_id", flat=True))
        names_invoices = "invoice_ids" in data or "invoice_id" in data
        invoices = _apply(payment, account, data, replace_invoices=names_invoices)
        if invoices is None:
            invoices = [row.invoice for row in payment.allocations.select_related("invoice")]
        payment.save()
        _settle(account, payment, invoices, previous=previous)
        announce.payment_changed(account=account, payment=payment, action="update")
    return payment


def payment_delete(*, account: Account, id: int) -> None:
    """Delete a payment; the invoices it paid are settled again without it. Atomic."""
    with transaction.atomic():
        payment = get_owned(Payment.objects.select_for_update(), account=account, id=id)
        previous = list(payment.allocations.values_list("invoice_id", flat=True))
        announce.payment_changed(account=account, payment=payment, action="destroy")
        payment.delete()
        _announce_settled(account, invoices_settle(previous))


def _settle(account, payment: Payment, invoices: list[Invoice], *, previous: list[int]) -> None:
    Allocation.objects.filter(payment=payment).delete()
    Allocation.objects.bulk_create(allocations_for(payment, invoices))
    _announce_settled(account, invoices_settle({*previous, *(invoice.pk for invoice in invoices)}))


def _announce_settled(account, changed: list[tuple[Invoice, bool]]) -> None:
    """An invoice whose payment state changed is announced as updated."""
    for invoice, moved in changed:
        if moved:
            announce.invoice_changed(account=account, invoice_id=invoice.pk, action="update")


def _apply(
    payment: Payment, account: Account, data: dict, *, replace_invoices: bool
) -> list[Invoice] | None:
    errors: dict[str, list[str]] = {}
    for field in TEXT_FIELDS:
        if field in data and data[field] is not None:
            setattr(payment, field, str(data[field]).strip())
    if data.get("price") is not None:
        price = money.round_money(data["price"])
        if price < 0 or abs(price) >= PRICE_LIMIT:
            errors.setdefault("price", []).append(_("must be 0 or more"))
        payment.price = price
    if data.get("paid") is not None:
        payment.paid = data["paid"]
    if "paid_date" in data:
        payment.paid_date = _moment(data["paid_date"])
    if payment.paid and payment.paid_date is None:
        payment.paid_date = timezone.now()
    if "client_id" in data:
        payment.client = owned_or_error(Client, account, data, "client_id", errors)
    if "department_id" in data:
        payment.department = owned_or_error(Department, account, data, "department_id", errors)
    invoices = _invoices(account, data, errors) if replace_invoices else None
    if errors:
        raise Invalid(errors)
    return invoices


def _moment(value) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time(12)))


def _invoices(account: Account, data: dict, errors: dict) -> list[Invoice]:
    """The invoices named, in the order given (`invoice_ids`, else `invoice_id`)."""
    ids = data.get("invoice_ids")
    if ids is None:
        ids = [] if data.get("invoice_id") is None else [data["invoice_id"]]
    field = "invoice_ids" if data.get("invoice_ids") is not None else "invoice_id"
    if len(ids) > MAX_INVOICES:
        errors.setdefault(field, []).append(
            _("may name at most %(count)d invoices") % {"count": MAX_INVOICES}
        )
        return []
    ids = list(dict.fromkeys(ids))
    found = find_all_owned(Invoice, account=account, ids=ids)
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        errors.setdefault(field, []).append(
            _("%(ids)s: no such invoices in this account") % {"ids": ", ".join(missing)}
        )
    cancelled = [found[pk].number or str(pk) for pk in ids if pk in found and found[pk].cancelled]
    if cancelled:
        errors.setdefault(field, []).append(
            _("cancelled invoices cannot be paid: %(numbers)s") % {"numbers": ", ".join(cancelled)}
        )
    return [found[pk] for pk in ids if pk in found]


def _generated_invoice(account: Account, user: User | None, payment: Payment, data: dict):
    """The VAT invoice `generate_invoice` asks for; Invalid fields are named `invoice.<field>`."""
    from faktura.invoicing.services.create import invoice_create

    errors: dict[str, list[str]] = {}
    payment.product = owned_or_error(Product, account, data, "product_id", errors)
    if data.get("quantity") is not None:
        payment.quantity = data["quantity"]
    if errors:
        raise Invalid(errors)
    person = f"{payment.first_name} {payment.last_name}".strip()
    position = {
        "quantity": payment.quantity,
        "total_price_gross": money.round_money(payment.price),
    }
    if payment.product is not None:
        position["product_id"] = payment.product.pk
    else:
        position["name"] = payment.name or _("Payment")
    if payment.tax:
        position["tax"] = payment.tax
    invoice = {
        "kind": "vat",
        "buyer_name": payment.invoice_name or person,
        "buyer_tax_no": payment.invoice_tax_no or None,
        "buyer_street": payment.invoice_street or None,
        "buyer_city": payment.invoice_city or None,
        "buyer_post_code": payment.invoice_post_code or None,
        "buyer_country": payment.invoice_country or None,
        "buyer_email": payment.email or None,
        "buyer_first_name": payment.first_name or None,
        "buyer_last_name": payment.last_name or None,
        "buyer_company": bool(payment.invoice_tax_no or payment.invoice_name),
        "currency": payment.currency,
        "payment_type": payment.provider or None,
        "oid": payment.oid or None,
        "positions": [position],
    }
    try:
        return invoice_create(
            account=account,
            user=user,
            data={key: value for key, value in invoice.items() if value is not None},
        )
    except Invalid as exc:
        raise Invalid(
            {f"invoice.{field}": reasons for field, reasons in exc.errors.items()}
        ) from None
