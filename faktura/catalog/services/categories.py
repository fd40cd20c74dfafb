"""Writes of categories ("Kategorie")."""

from django.db import transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog.models import Category
from faktura.catalog.selectors.categories import get_category
from faktura.errors import Invalid


def _apply(category: Category, data: dict) -> None:
    if "name" in data:
        category.name = (data["name"] or "").strip()
    if "description" in data:
        # The reference sends and shows `null` for no description; keep it that way.
        category.description = data["description"]
    if not category.name:
        raise Invalid.field("name", _("can't be blank"))


def category_create(*, account: Account, data: dict) -> Category:
    """Create a category from `name` (required) and `description`. Atomic."""
    with transaction.atomic():
        category = Category(account=account)
        _apply(category, data)
        category.save()
    return category


def category_update(*, account: Account, id: int, data: dict) -> Category:
    """Change the given fields; the others keep their values. Atomic."""
    with transaction.atomic():
        category = get_category(account=account, id=id)
        _apply(category, data)
        category.save()
    return category


def category_delete(*, account: Account, id: int) -> None:
    """Delete a category. Clients and products in it stay, without a category. Atomic."""
    with transaction.atomic():
        get_category(account=account, id=id).delete()
