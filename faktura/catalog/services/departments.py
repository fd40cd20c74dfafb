"""Writes of catalog data."""

from django.db import transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog.models import Department
from faktura.catalog.selectors.departments import get_department
from faktura.errors import Invalid

DEPARTMENT_FIELDS = (
    "name",
    "shortcut",
    "tax_no_kind",
    "tax_no",
    "street",
    "post_code",
    "city",
    "country",
    "person",
    "email",
    "phone",
    "mobile_phone",
    "www",
    "fax",
    "bank",
    "bank_account",
    "bank_swift",
)


def _apply(department: Department, data: dict) -> None:
    for field in DEPARTMENT_FIELDS:
        if field in data:
            setattr(department, field, (data[field] or "").strip())
    if not department.name:
        raise Invalid.field("name", _("can't be blank"))


def department_create(*, account: Account, data: dict) -> Department:
    """Create a department. `main: true` makes it the account's main one. Atomic."""
    with transaction.atomic():
        department = Department(account=account)
        _apply(department, data)
        if data.get("main"):
            Department.objects.filter(account=account, main=True).update(main=False)
            department.main = True
        department.save()
    return department


def department_update(*, account: Account, id: int, data: dict) -> Department:
    """Change the given fields; the others keep their values. Atomic."""
    with transaction.atomic():
        department = get_department(account=account, id=id)
        _apply(department, data)
        if data.get("main") and not department.main:
            Department.objects.filter(account=account, main=True).update(main=False)
            department.main = True
        department.save()
    return department


def department_delete(*, account: Account, id: int) -> None:
    """Delete a department; the main one (the company's own data) stays."""
    with transaction.atomic():
        department = get_department(account=account, id=id)
        if department.main:
            raise Invalid.field("main", _("the main department cannot be deleted"))
        department.delete()
