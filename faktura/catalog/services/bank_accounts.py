"""Writes of bank accounts, their places in departments, and the accounts an invoice shows.

The contract is the vendor's API_RACHUNKI_BANKOWE.md: field names, defaults and error
messages follow it. Numbers are deduplicated by their normalized form (see
`faktura.catalog.iban`): one row per number and account.

Not here yet: mass payment accounts (a department's `mass_payment_pattern` plus a
client's `mass_payment_code`) and the bank account security levels (`none` / `normal` /
`strong`, which restrict who may create accounts and force the department's accounts on
invoices). Both arrive with invoices; until then every caller may create accounts.
"""

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog import iban
from faktura.catalog.models import BankAccount, BankAccountDepartment, Department
from faktura.catalog.selectors.bank_accounts import (
    bank_account_by_number,
    department_bank_accounts,
    department_main_bank_account,
    get_bank_account,
)
from faktura.errors import Invalid
from faktura.tenancy import possible_id

OWN_BANK_ACCOUNT_TYPES = tuple(choice.value for choice in BankAccount.OwnType)
# Text fields that may be empty (stored as null, as the reference shows them) and their limits.
OPTIONAL_TEXT_LIMITS = {
    "name": 255,
    "bank_name": 256,
    "bank_swift": 20,
    "account_description": 256,
}
NUMBER_MAX_LENGTH = BankAccount._meta.get_field("bank_account_number").max_length
NORMALIZED_MAX_LENGTH = BankAccount._meta.get_field("number_normalized").max_length
BOOLEAN_FIELDS = ("own_bank_account", "factor_bank_account")
DEFAULT_BANK_NAME = "Rachunek bankowy"
DEFAULT_CURRENCY = "PLN"
_CURRENCY = re.compile(r"[A-Z]{3}")
LINKS = "bank_account_version_departments"


def _too_long(limit: int) -> str:
    return _("is too long (maximum is %(count)d characters)") % {"count": limit}


def _text(value) -> str | None:
    """A text value as given, stripped; None for null and blank. Numbers are taken as text."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError
    text = str(value).strip()
    return text or None


def _clean(data: dict, *, creating: bool) -> tuple[dict, dict[str, list[str]]]:
    """The model fields `data` sets, checked, and the errors by field (all at once)."""
    values: dict = {}
    errors: dict[str, list[str]] = {}

    def text(field: str) -> str | None:
        try:
            return _text(data[field])
        except TypeError:
            errors.setdefault(field, []).append(_("is invalid"))
            return None

    for field, limit in OPTIONAL_TEXT_LIMITS.items():
        if field in data:
            value = text(field)
            if value is not None and len(value) > limit:
                errors.setdefault(field, []).append(_too_long(limit))
            values[field] = value
    if "bank_account_number" in data or creating:
        number = text("bank_account_number") if "bank_account_number" in data else None
        normalized = iban.normalize(number or "")
        if not normalized:
            errors.setdefault("bank_account_number", []).append(_("can't be blank"))
        elif len(number) > NUMBER_MAX_LENGTH:
            errors.setdefault("bank_account_number", []).append(_too_long(NUMBER_MAX_LENGTH))
        elif len(normalized) > NORMALIZED_MAX_LENGTH:
            errors.setdefault("bank_account_number", []).append(
                _("is too long (maximum is %(count)d characters without spaces)")
                % {"count": NORMALIZED_MAX_LENGTH}
            )
        elif iban.is_iban_shaped(normalized) and not iban.iban_is_valid(normalized):
            errors.setdefault("bank_account_number", []).append(_("is not a valid IBAN"))
        else:
            values["bank_account_number"] = number
            values["number_normalized"] = normalized
    if data.get("bank_currency") is not None:
        currency = (text("bank_currency") or "").upper()
        if currency and not _CURRENCY.fullmatch(currency):
            errors.setdefault("bank_currency", []).append(
                _("is not a currency code (three letters, e.g. PLN)")
            )
        elif currency:
            values["bank_currency"] = currency
    if "own_bank_account_type" in data:
        kind = text("own_bank_account_type")
        if kind is not None and kind not in OWN_BANK_ACCOUNT_TYPES:
            errors.setdefault("own_bank_account_type", []).append(_("is not included in the list"))
        values["own_bank_account_type"] = kind
    for field in BOOLEAN_FIELDS:
        if data.get(field) is not None:
            if isinstance(data[field], bool):
                values[field] = data[field]
            else:
                errors.setdefault(field, []).append(_("is invalid"))
    return values, errors


def _check_unique(account: Account, values: dict, *, exclude_id: int | None = None) -> None:
    normalized = values.get("number_normalized")
    if normalized is None:
        return
    taken = BankAccount.objects.filter(account=account, number_normalized=normalized)
    if exclude_id is not None:
        taken = taken.exclude(pk=exclude_id)
    if taken.exists():
        raise Invalid.field("bank_account_number", _("has already been taken"))


def _save(bank_account: BankAccount) -> None:
    # Two requests may add the same number at once; the unique constraint stops the second.
    try:
        with transaction.atomic():
            bank_account.save()
    except IntegrityError:
        raise Invalid.field("bank_account_number", _("has already been taken")) from None


def _link_departments(account: Account, bank_account: BankAccount, entries: list[dict]) -> None:
    """Apply `bank_account_version_departments`: add, change or (`remove: true`) drop links.

    Departments not named keep their links. `main_on_department: true` makes this the
    department's only main account: the previous main one loses the mark first. The
    departments' rows are locked, so two requests cannot both make a main account.
    """
    ids = []
    for entry in entries:
        department_id = entry.get("department_id")
        if department_id is None:
            raise Invalid.field(LINKS, _("department_id can't be blank"))
        ids.append(department_id)
    possible = [department_id for department_id in ids if possible_id(department_id)]
    departments = {
        department.pk: department
        for department in Department.objects.select_for_update().filter(
            account=account, pk__in=possible
        )
    }
    missing = sorted(set(ids) - set(departments))
    if missing:
        raise Invalid.field(
            LINKS,
            _("no such department in this account: %s") % ", ".join(map(str, missing)),
        )
    for entry in entries:
        department = departments[entry["department_id"]]
        link = BankAccountDepartment.objects.filter(
            bank_account=bank_account, department=department
        ).first()
        if entry.get("remove"):
            if link is not None:
                link.delete()
            continue
        if link is None:
            link = BankAccountDepartment(
                account=account, bank_account=bank_account, department=department
            )
        if entry.get("show_on_invoice") is not None:
            link.show_on_invoice = entry["show_on_invoice"]
        if entry.get("main_on_department") is not None:
            link.main_on_department = entry["main_on_department"]
        if link.main_on_department:
            BankAccountDepartment.objects.filter(
                department=department, main_on_department=True
            ).exclude(bank_account=bank_account).update(main_on_department=False)
        link.save()


def bank_account_create(*, account: Account, data: dict) -> BankAccount:
    """Create a bank account and its department links. Atomic.

    Raises Invalid for a missing, malformed (failing the IBAN check) or already used
    number, overlong texts, an unknown `own_bank_account_type`, or a department of
    another account.
    """
    values, errors = _clean(data, creating=True)
    if errors:
        raise Invalid(errors)
    with transaction.atomic():
        _check_unique(account, values)
        bank_account = BankAccount(account=account, **values)
        _save(bank_account)
        _link_departments(account, bank_account, data.get(LINKS) or [])
    return get_bank_account(account=account, id=bank_account.pk)


def bank_account_update(*, account: Account, id: int, data: dict) -> BankAccount:
    """Change the given fields and links; the others keep their values. Atomic."""
    with transaction.atomic():
        bank_account = get_bank_account(account=account, id=id)
        values, errors = _clean(data, creating=False)
        if errors:
            raise Invalid(errors)
        _check_unique(account, values, exclude_id=bank_account.pk)
        for field, value in values.items():
            setattr(bank_account, field, value)
        _save(bank_account)
        _link_departments(account, bank_account, data.get(LINKS) or [])
    return get_bank_account(account=account, id=id)


def bank_account_delete(*, account: Account, id: int) -> None:
    """Delete a bank account with its department links."""
    with transaction.atomic():
        get_bank_account(account=account, id=id).delete()


def department_currency(department: Department | None) -> str:
    """The department's bank currency: its main account's, else PLN."""
    main = department_main_bank_account(department=department) if department else None
    return main.bank_currency if main else DEFAULT_CURRENCY


def bank_accounts_for_invoice(
    *, account: Account, department: Department | None, requested: list[dict] | None
) -> list[BankAccount]:
    """The bank accounts an invoice shows, by API_RACHUNKI_BANKOWE.md.

    - `requested` None (the invoice has no `bank_accounts`): the department's accounts
      marked `show_on_invoice`, its main one first; none without a department.
    - `requested` given: exactly those, in the given order, never the department's too.
      Each is found by its normalized number, and an existing row is used as it is: the
      request's other attributes are ignored ("deduplikacja"). Otherwise it is created,
      with `bank_name` "Rachunek bankowy" and the department's bank currency (or PLN)
      unless given. A number given twice gives one account.

    Entries are dicts like those of `faktura.catalog.api.bank_accounts.BankAccountFields`
    (`model_dump(exclude_unset=True)`). Raises Invalid keyed `bank_accounts`: "can't be
    blank" for an entry without `bank_account_number`, otherwise the field and reason.
    Runs in the caller's transaction (a savepoint of its own).
    """
    if requested is None:
        return department_bank_accounts(department=department) if department else []
    chosen: dict[str, BankAccount] = {}
    with transaction.atomic():
        for entry in requested:
            bank_account = _account_for_entry(account, department, entry)
            chosen.setdefault(bank_account.number_normalized, bank_account)
    return list(chosen.values())


def _account_for_entry(account: Account, department: Department | None, entry) -> BankAccount:
    if not isinstance(entry, dict):
        raise Invalid({"bank_accounts": [_("is invalid")]})
    number = entry.get("bank_account_number")
    if number is None or (isinstance(number, str) and not iban.normalize(number)):
        raise Invalid({"bank_accounts": [_("can't be blank")]})
    values, errors = _clean(entry, creating=True)
    if errors:
        raise Invalid(
            {
                "bank_accounts": [
                    f"{field} {reason}" for field, reasons in errors.items() for reason in reasons
                ]
            }
        )
    existing = bank_account_by_number(
        account=account, number_normalized=values["number_normalized"]
    )
    if existing is not None:
        return existing
    values.setdefault("bank_name", None)
    values["bank_name"] = values["bank_name"] or DEFAULT_BANK_NAME
    values.setdefault("bank_currency", department_currency(department))
    bank_account = BankAccount(account=account, **values)
    try:
        with transaction.atomic():
            bank_account.save()
    except IntegrityError:
        # Another request created the same number meanwhile: use theirs.
        existing = bank_account_by_number(
            account=account, number_normalized=values["number_normalized"]
        )
        if existing is None:
            raise
        return existing
    return bank_account
