"""Reads of warehouses, always within one account."""

from django.db.models import QuerySet

from faktura.accounts.models import Account
from faktura.tenancy import get_owned
from faktura.warehouse.models import Warehouse


def get_warehouse(*, account: Account, id: int) -> Warehouse:
    """The account's warehouse; another account's id raises the same NotFound as a missing one."""
    return get_owned(Warehouse, account=account, id=id)


def warehouse_list(*, account: Account) -> QuerySet[Warehouse]:
    return Warehouse.objects.filter(account=account)
