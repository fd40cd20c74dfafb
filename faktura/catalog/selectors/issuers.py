"""Reads of issuers, always within one account."""

from django.db.models import QuerySet

from faktura.accounts.models import Account
from faktura.catalog.models import Issuer
from faktura.tenancy import get_owned


def get_issuer(*, account: Account, id: int) -> Issuer:
    """The account's issuer; another account's id raises the same NotFound as a missing one."""
    return get_owned(Issuer, account=account, id=id)


def issuer_list(*, account: Account, name: str | None = None) -> QuerySet[Issuer]:
    """The account's issuers; `name` keeps those whose name contains it (any case)."""
    issuers = Issuer.objects.filter(account=account)
    if name:
        issuers = issuers.filter(name__icontains=name)
    return issuers
