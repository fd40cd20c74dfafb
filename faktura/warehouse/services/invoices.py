"""Stock issued by invoices: each sales invoice keeps one WZ of its goods up to date.

`invoice_stock_sync` runs in the invoice's own transaction whenever an invoice is
issued, changed, cancelled or deleted. An invoice that moves stock — a sales
document of a kind that hands goods over (STOCK_KINDS), not cancelled, without
`exclude_from_stock_level` — has a WZ (`source_invoice` = the invoice) in its
`warehouse_id` (or the default warehouse) holding its product positions (services
excepted). When the invoice changes, that WZ's actions are replaced (its number
stays); when it no longer moves stock, the WZ is deleted and its goods come back.
A limited product short of stock refuses the invoice: 422 naming `positions`.
Expense documents move no stock here.
"""

from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.errors import Invalid
from faktura.invoicing.models import Invoice, InvoicePosition
from faktura.tenancy import find_owned
from faktura.warehouse.models import Warehouse, WarehouseDocument
from faktura.warehouse.services.documents import (
    warehouse_document_create,
    warehouse_document_delete,
    warehouse_document_update,
)

Kind = Invoice.Kind
STOCK_KINDS = frozenset(
    {
        Kind.VAT,
        Kind.BILL,
        Kind.RECEIPT,
        Kind.FINAL,
        Kind.VAT_MARGIN,
        Kind.VAT_MP,
        Kind.INVOICE_OTHER,
        Kind.WDT,
        Kind.EXPORT_PRODUCTS,
    }
)


def check_warehouse(account: Account, warehouse_id, errors: dict) -> None:
    """`warehouse_id` of an invoice must name a warehouse of the account."""
    if warehouse_id is not None and find_owned(Warehouse, account=account, id=warehouse_id) is None:
        errors.setdefault("warehouse_id", []).append(_("does not exist in this account"))


def invoice_stock_sync(
    *,
    account: Account,
    invoice: Invoice,
    positions: list[InvoicePosition] | None = None,
    new: bool = False,
    deleting: bool = False,
) -> None:
    """Bring the invoice's WZ in line with the invoice (see the module docstring).

    `positions`: the invoice's rows when the caller holds them (else they are read);
    `new`: the invoice was just issued, so it has no WZ yet; `deleting`: it is about
    to be deleted, so its WZ goes.
    """
    actions = [] if deleting else _actions(invoice, positions)
    if new and not actions:
        return
    issued = (
        None
        if new
        else WarehouseDocument.objects.filter(account=account, source_invoice=invoice).first()
    )
    try:
        if not actions:
            if issued is not None:
                warehouse_document_delete(account=account, id=issued.pk)
                _link(invoice, None, deleting)
            return
        data = {
            "warehouse_actions": actions,
            "issue_date": invoice.issue_date,
            "client_id": invoice.client_id,
            "invoice_ids": [invoice.pk],
        }
        if invoice.warehouse_id is not None:
            data["warehouse_id"] = invoice.warehouse_id
        if issued is not None:
            warehouse_document_update(account=account, id=issued.pk, data=data)
            return
        document = warehouse_document_create(account=account, data={"kind": "wz", **data})
        document.source_invoice = invoice
        document.save(update_fields=["source_invoice"])
        _link(invoice, document.pk, deleting)
    except Invalid as exc:
        # The invoice's lines are what ran short: name them as the invoice knows them.
        raise Invalid(
            {"positions": [m for reasons in exc.errors.values() for m in reasons]}
        ) from None


def _link(invoice: Invoice, document_id: int | None, deleting: bool) -> None:
    """Show the WZ on the invoice (`warehouse_document_id`)."""
    if deleting:
        return
    invoice.warehouse_document_id = document_id
    Invoice.objects.filter(pk=invoice.pk).update(warehouse_document_id=document_id)


SIDES = (InvoicePosition.Kind.CORRECTION_BEFORE, InvoicePosition.Kind.CORRECTION_AFTER)


def _actions(invoice: Invoice, positions: list[InvoicePosition] | None) -> list[dict]:
    if (
        not invoice.income
        or invoice.cancelled
        or invoice.exclude_from_stock_level
        or invoice.kind not in STOCK_KINDS
    ):
        return []
    if positions is None:
        positions = list(
            InvoicePosition.objects.filter(invoice=invoice, product__isnull=False)
            .select_related("product")
            .order_by("order", "id")
        )
    return [
        {
            "product_id": position.product_id,
            "quantity": position.quantity,
            "tax": position.tax,
            "price_net": position.price_net,
        }
        for position in sorted(positions, key=lambda row: (row.order, row.pk or 0))
        if position.product_id is not None
        and position.kind not in SIDES
        and position.quantity > 0
        and not position.product.service
    ]
