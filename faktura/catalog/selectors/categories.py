"""Reads of categories, always within one account."""

from django.db.models import QuerySet

from faktura.accounts.models import Account
from faktura.catalog.models import Category
from faktura.tenancy import get_owned

# The largest id a database key holds; larger numbers cannot name a row.


def get_category(*, account: Account, id: int) -> Category:
    """The account's category; another account's id raises the same NotFound as a missing one."""
    return get_owned(Category, account=account, id=id)


def category_list(*, account: Account) -> QuerySet[Category]:
    return Category.objects.filter(account=account)
