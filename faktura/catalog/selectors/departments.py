"""Reads of catalog data, always within one account."""

from faktura.accounts.models import Account
from faktura.catalog.models import Department
from faktura.errors import NotFound


def get_department(*, account: Account, id: int) -> Department:
    """The account's department; another account's id raises the same NotFound as a missing one."""
    department = Department.objects.filter(account=account, pk=id).first()
    if department is None:
        raise NotFound()
    return department


def department_list(*, account: Account):
    return Department.objects.filter(account=account)
