"""Writes of departments (the company's seller identities) and the data invoices take from them."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog import logos
from faktura.catalog.models import Department
from faktura.catalog.selectors.bank_accounts import department_main_bank_account
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
    "invoice_lang",
    "invoice_description",
    "footer_content",
    "mass_payment_pattern",
)
BOOLEAN_FIELDS = ("use_mass_payment",)

# What the API's `logo` value asks for, besides a new file.
_KEEP, _REMOVE = "keep", "remove"


def _apply(department: Department, data: dict) -> None:
    for field in DEPARTMENT_FIELDS:
        if field in data:
            setattr(department, field, (data[field] or "").strip())
    for field in BOOLEAN_FIELDS:
        if data.get(field) is not None:
            setattr(department, field, data[field])
    if not department.name:
        raise Invalid.field("name", _("can't be blank"))


def _logo_reason(error: logos.LogoError) -> str:
    if error.reason == logos.TOO_LARGE:
        return _("is too large (maximum is 1 MB)")
    if error.reason == logos.TOO_MANY_PIXELS:
        return _("is too big (%(size)s pixels; maximum is 4000×4000)") % {"size": error.detail}
    if error.reason == logos.UNREADABLE:
        return _("is a damaged PNG or JPEG image: its size in pixels cannot be read")
    if error.reason == logos.SVG_DECLARATION:
        return _("is an SVG with a DOCTYPE or entity declarations, which are not accepted")
    if error.reason == logos.MALFORMED_SVG:
        return _("is not a well-formed SVG image")
    if error.reason == logos.NOT_SVG:
        return _(
            "must be a PNG, JPEG or SVG image (an SVG needs an <svg> root in the SVG namespace)"
        )
    if error.reason == logos.UNSAFE_SVG:
        return _(
            "is an SVG with scripts, event handlers, foreignObject or external references, "
            "which are not accepted (found: %(what)s)"
        ) % {"what": error.detail}
    return _("must be a PNG, JPEG or SVG image")


def _requested_logo(data: dict) -> logos.Logo | str:
    """A checked new logo, `_REMOVE`, or `_KEEP`; raises Invalid naming `logo`.

    A file wins over `remove_logo`; an empty `logo` (the form's `department[logo]=`, or
    JSON null) removes the logo like `remove_logo: true`.
    """
    value = data.get("logo")
    if isinstance(value, UploadedFile):
        if value.size is not None and value.size > logos.MAX_BYTES:
            raise Invalid.field("logo", _("is too large (maximum is 1 MB)"))
        value.seek(0)
        content = value.read(logos.MAX_BYTES + 1)
        try:
            return logos.inspect_logo(content)
        except logos.LogoError as error:
            raise Invalid.field("logo", _logo_reason(error)) from None
    if "logo" in data and value not in (None, ""):
        raise Invalid.field(
            "logo", _("must be an image file sent as multipart form data (department[logo])")
        )
    if "logo" in data or data.get("remove_logo"):
        return _REMOVE
    return _KEEP


def delete_file_on_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def _save(department: Department, logo: logos.Logo | str) -> None:
    """Store the new logo file (if any) and the row; the replaced file goes once committed.

    A new file is written under a random name, so links to the old one stop working and a
    logo's address cannot be guessed. When the row cannot be saved, the new file is
    deleted again; the old one is deleted only after the transaction commits, so a
    rolled-back change keeps the logo it had.
    """
    previous = department.logo.name if department.pk else ""
    written = ""
    if isinstance(logo, logos.Logo):
        department.logo.save(
            f"{uuid.uuid4().hex}.{logo.extension}", ContentFile(logo.content), save=False
        )
        written = department.logo.name
    elif logo == _REMOVE:
        department.logo = ""
    try:
        department.save()
    except BaseException:
        if written:
            default_storage.delete(written)
        raise
    if previous and previous != department.logo.name:
        delete_file_on_commit(previous)


def department_create(*, account: Account, data: dict) -> Department:
    """Create a department. `main: true` makes it the account's main one. Atomic.

    `logo` may be an uploaded PNG, JPEG or SVG (see `faktura.catalog.logos`).
    """
    logo = _requested_logo(data)
    with transaction.atomic():
        department = Department(account=account)
        _apply(department, data)
        if data.get("main"):
            Department.objects.filter(account=account, main=True).update(main=False)
            department.main = True
        _save(department, logo)
    return department


def department_update(*, account: Account, id: int, data: dict) -> Department:
    """Change the given fields; the others keep their values. Atomic.

    `logo` replaces the logo (the old file is deleted once committed); an empty `logo`
    or `remove_logo: true` removes it.
    """
    with transaction.atomic():
        department = get_department(account=account, id=id)
        logo = _requested_logo(data)
        _apply(department, data)
        if data.get("main") and not department.main:
            Department.objects.filter(account=account, main=True).update(main=False)
            department.main = True
        _save(department, logo)
    return department


def department_delete(*, account: Account, id: int) -> None:
    """Delete a department and, once committed, its logo; the main one (the company) stays."""
    with transaction.atomic():
        department = get_department(account=account, id=id)
        if department.main:
            raise Invalid.field("main", _("the main department cannot be deleted"))
        logo_name = department.logo.name
        department.delete()
        delete_file_on_commit(logo_name)


def seller_data(department: Department) -> dict:
    """The `seller_*` snapshot an invoice issued from `department` stores.

    An invoice with `department_id` takes its seller data from the department; it keeps
    this copy, so editing the department later never rewrites issued invoices.
    `seller_phone` is the phone, or the mobile phone when there is none. `seller_bank`
    and `seller_bank_account` are the department's own bank fields, or, when its bank
    account number is empty, those of its main bank account (`main_on_department`).
    """
    bank, bank_account = department.bank, department.bank_account
    if not bank_account:
        main = department_main_bank_account(department=department)
        if main is not None:
            bank = bank or (main.bank_name or "")
            bank_account = main.bank_account_number
    return {
        "seller_name": department.name,
        "seller_tax_no": department.tax_no,
        "seller_tax_no_kind": department.tax_no_kind,
        "seller_street": department.street,
        "seller_post_code": department.post_code,
        "seller_city": department.city,
        "seller_country": department.country,
        "seller_email": department.email,
        "seller_phone": department.phone or department.mobile_phone,
        "seller_fax": department.fax,
        "seller_www": department.www,
        "seller_person": department.person,
        "seller_bank": bank,
        "seller_bank_account": bank_account,
    }
