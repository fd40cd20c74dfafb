"""Reads of warehouses, always within one account."""

from django.db.models import QuerySet

from faktura.accounts.models import Account
from faktura.tenancy import get_owned
from faktura.warehouse.models import Warehouse, WarehouseDocument


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
