"""Reads of warehouses, always within one account."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from faktura.accounts.models import Account
from faktura.tenancy import get_owned, possible_id
from faktura.warehouse.models import Warehouse, WarehouseAction, WarehouseDocument


def get_warehouse(*, account: Account, id: int) -> Warehouse:
    """The account's warehouse; another account's id raises the same NotFound as a missing one."""
    return get_owned(Warehouse, account=account, id=id)


def warehouse_list(*, account: Account) -> QuerySet[Warehouse]:
    return Warehouse.objects.filter(account=account)


def document_list(*, account: Account) -> QuerySet[WarehouseDocument]:
    return WarehouseDocument.objects.filter(account=account)


def with_actions(documents: QuerySet[WarehouseDocument]) -> QuerySet[WarehouseDocument]:
    """Documents with what their output shows, in a fixed number of queries."""
    return documents.prefetch_related("actions__product", "invoices")


def get_document(*, account: Account, id: int) -> WarehouseDocument:
    """The account's document, loaded for output; another account's id is a NotFound."""
    return get_owned(with_actions(document_list(account=account)), account=account, id=id)


@dataclass(frozen=True)
class ActionFilters:
    """The reference's filters of `/warehouse_actions.json`; None means "any".

    `issued_by` keeps the issuing actions (negative quantities) of that document
    (`from_warehouse_document`), `received_by` its receiving ones
    (`to_warehouse_document`); `document_id` all of its actions. `date_from` and
    `date_to` bound the day an action was made, both days included.
    """

    warehouse_id: int | None = None
    kind: str | None = None
    product_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    issued_by: int | None = None
    received_by: int | None = None
    document_id: int | None = None


def action_list(*, account: Account, filters: ActionFilters) -> QuerySet[WarehouseAction]:
    actions = WarehouseAction.objects.filter(account=account).select_related("product")
    for field, value in (
        ("warehouse_id", filters.warehouse_id),
        ("product_id", filters.product_id),
        ("document_id", filters.document_id),
        ("document_id", filters.issued_by),
        ("document_id", filters.received_by),
    ):
        if value is not None:
            if not possible_id(value):
                return actions.none()
            actions = actions.filter(**{field: value})
    if filters.issued_by is not None:
        actions = actions.filter(quantity__lt=0)
    if filters.received_by is not None:
        actions = actions.filter(quantity__gt=0)
    if filters.kind is not None:
        actions = actions.filter(kind=filters.kind)
    zone = timezone.get_current_timezone()
    if filters.date_from is not None:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=zone)
        actions = actions.filter(created_at__gte=start)
    if filters.date_to is not None:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        actions = actions.filter(created_at__lt=end)
    return actions


def warehouse_exists(*, account: Account, id: int) -> bool:
    return possible_id(id) and Warehouse.objects.filter(account=account, pk=id).exists()
