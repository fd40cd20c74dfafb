"""Writes of issuers ("Wystawcy"): who issues documents on the seller's behalf."""

from django.db import transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog.models import Issuer
from faktura.catalog.selectors.issuers import get_issuer
from faktura.errors import Invalid

ISSUER_FIELDS = ("name", "tax_no")


def _apply(issuer: Issuer, data: dict) -> None:
    for field in ISSUER_FIELDS:
        if field in data:
            setattr(issuer, field, (data[field] or "").strip())
    if not issuer.name:
        raise Invalid.field("name", _("can't be blank"))


def issuer_create(*, account: Account, data: dict) -> Issuer:
    """Create an issuer; `name` is required. Atomic."""
    with transaction.atomic():
        issuer = Issuer(account=account)
        _apply(issuer, data)
        issuer.save()
    return issuer


def issuer_update(*, account: Account, id: int, data: dict) -> Issuer:
    """Change the given fields; the others keep their values. Atomic."""
    with transaction.atomic():
        issuer = get_issuer(account=account, id=id)
        _apply(issuer, data)
        issuer.save()
    return issuer


def issuer_delete(*, account: Account, id: int) -> None:
    with transaction.atomic():
        get_issuer(account=account, id=id).delete()
