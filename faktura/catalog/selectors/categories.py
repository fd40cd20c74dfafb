"""Reads of categories, always within one account."""

from django.db.models import QuerySet

from faktura.accounts.models import Account
from faktura.catalog.models import Category
from faktura.errors import NotFound

# The largest id a database key holds; larger numbers cannot name a row.
MAX_ID = 2**63 - 1


def get_category(*, account: Account, id: int) -> Category:
    """The account's category; another account's id raises the same NotFound as a missing one."""
    category = None
    if 0 < id <= MAX_ID:
        category = Category.objects.filter(account=account, pk=id).first()
    if category is None:
        raise NotFound()
    return category


def category_list(*, account: Account) -> QuerySet[Category]:
    return Category.objects.filter(account=account)
