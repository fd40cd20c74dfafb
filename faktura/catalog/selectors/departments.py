"""Reads of catalog data, always within one account."""

from faktura.accounts.models import Account
from faktura.catalog.models import Department
from faktura.tenancy import get_owned


def get_department(*, account: Account, id: int) -> Department:
    """The account's department; another account's id raises the same NotFound as a missing one."""
    return get_owned(Department, account=account, id=id)


def department_list(*, account: Account):
    return Department.objects.filter(account=account)


def logo_in_use(name: str) -> bool:
    """Whether a department (of any account) shows the stored logo `name` ("logos/…").

    Logos are public by design: invoices' public pages and PDFs show them, and their
    names are random. A file no department refers to any more is not served.
    """
    return Department.objects.filter(logo=name).exists()
