"""Writes of warehouses ("Magazyny") and the account's default warehouse."""

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.errors import Invalid
from faktura.warehouse.models import Warehouse, WarehouseAction, WarehouseDocument
from faktura.warehouse.selectors import get_warehouse


def warehouse_default(*, account: Account) -> Warehouse:
    """The account's default warehouse, made ("Magazyn główny") the first time it is needed."""
    found = Warehouse.objects.filter(account=account, main=True).first()
    if found is not None:
        return found
    with translation.override(account.lang):  # named in the account's language
        name = _("Main warehouse")
    try:
        with transaction.atomic():
            return Warehouse.objects.create(account=account, name=name, main=True)
    except IntegrityError:
        # A concurrent request made it first (one main warehouse per account).
        return Warehouse.objects.get(account=account, main=True)


def _apply(warehouse: Warehouse, data: dict) -> None:
    if "name" in data:
        warehouse.name = (data["name"] or "").strip()
    for field in ("kind", "description"):
        if field in data:
            # The reference sends and shows `null` for these; keep it that way.
            setattr(warehouse, field, data[field])
    if "active" in data and data["active"] is not None:
        warehouse.active = data["active"]
    if not warehouse.name:
        raise Invalid.field("name", _("can't be blank"))


def warehouse_create(*, account: Account, data: dict) -> Warehouse:
    """Create a warehouse from `name` (required), `kind`, `description`. The account's
    first warehouse becomes its default one. Atomic."""
    with transaction.atomic():
        warehouse = Warehouse(account=account)
        _apply(warehouse, data)
        warehouse.main = not Warehouse.objects.filter(account=account, main=True).exists()
        warehouse.save()
    return warehouse


def warehouse_update(*, account: Account, id: int, data: dict) -> Warehouse:
    """Change the given fields; the others keep their values. Atomic."""
    with transaction.atomic():
        warehouse = get_warehouse(account=account, id=id)
        _apply(warehouse, data)
        warehouse.save()
    return warehouse


def warehouse_delete(*, account: Account, id: int) -> None:
    """Delete a warehouse that no document uses; the default one stays. Atomic."""
    with transaction.atomic():
        warehouse = get_warehouse(account=account, id=id)
        if warehouse.main:
            raise Invalid.field("id", _("the default warehouse cannot be deleted"))
        used = (
            WarehouseDocument.objects.filter(account=account, warehouse=warehouse).exists()
            or WarehouseDocument.objects.filter(account=account, warehouse2=warehouse).exists()
            or WarehouseAction.objects.filter(account=account, warehouse=warehouse).exists()
        )
        if used:
            raise Invalid.field(
                "id", _("the warehouse has documents; delete them first to keep stock right")
            )
        warehouse.delete()
