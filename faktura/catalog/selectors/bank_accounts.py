"""Reads of bank accounts, always within one account."""

from django.db.models import QuerySet

from faktura.accounts.models import Account
from faktura.catalog.models import BankAccount, BankAccountDepartment, Department
from faktura.tenancy import get_owned, possible_id


def get_bank_account(*, account: Account, id: int) -> BankAccount:
    """The account's bank account, its links loaded; another account's id: the same NotFound."""
    rows = BankAccount.objects.prefetch_related("department_links")
    return get_owned(rows, account=account, id=id)


def bank_account_list(
    *, account: Account, department_id: int | None = None, currency: str | None = None
) -> QuerySet[BankAccount]:
    """The account's bank accounts; optionally those linked to a department, or in a currency."""
    bank_accounts = BankAccount.objects.filter(account=account).prefetch_related("department_links")
    if department_id is not None:
        if not possible_id(department_id):
            return bank_accounts.none()
        bank_accounts = bank_accounts.filter(department_links__department_id=department_id)
    if currency:
        bank_accounts = bank_accounts.filter(bank_currency=currency.strip().upper())
    return bank_accounts


def bank_account_by_number(*, account: Account, number_normalized: str) -> BankAccount | None:
    """The account's bank account with this normalized number (see `faktura.catalog.iban`)."""
    return BankAccount.objects.filter(account=account, number_normalized=number_normalized).first()


def department_bank_accounts(*, department: Department) -> list[BankAccount]:
    """The accounts a department shows on its invoices: `show_on_invoice`, the main one first."""
    links = (
        BankAccountDepartment.objects.filter(department=department, show_on_invoice=True)
        .select_related("bank_account")
        .order_by("-main_on_department", "bank_account_id")
    )
    return [link.bank_account for link in links]


def department_main_bank_account(*, department: Department) -> BankAccount | None:
    link = (
        BankAccountDepartment.objects.filter(department=department, main_on_department=True)
        .select_related("bank_account")
        .first()
    )
    return link.bank_account if link else None
