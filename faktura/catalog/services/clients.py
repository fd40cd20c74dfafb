"""Writes of clients ("Klienci").

`data` is a dict of the API's client fields as the schema reads them (only the keys
given): texts, booleans, `tag_list` (a list, or a comma-separated string), ids
(`category_id`, `price_list_id`, `buyer_id`), `discount` (a Decimal), `default_tax`
and `payment_to_kind` as sent.

Rules where the reference is silent:
- A company (`company`, default true) needs `name`. A private person (`company: false`)
  needs `last_name`; a person's `name` defaults to "first_name last_name" and keeps
  following those two fields while it has not been set to something else.
- `shortcut` defaults to the name. When another client of the account already has it,
  the first free of "name (1)", "name (2)", … is taken, as the hosted service's responses
  show ("Client1 (1)", "Client1 (5)"). An explicit shortcut is kept as given; sending
  it empty makes a new one from the name. Two clients created at the same moment may
  still get the same shortcut: nothing depends on it being unique.
- The tax number is checked by `faktura.catalog.tax_numbers` unless
  `disable_tax_no_validation` is set; on update only when the number, the country, the
  kind or that flag is among the changed fields, so a stored number accepted earlier
  does not block unrelated edits.
"""

import datetime as dt
import re
from decimal import Decimal

from django.db import models, transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog import tax_numbers
from faktura.catalog.models import Category, Client, PriceList
from faktura.catalog.selectors.clients import (
    client_list,
    get_client,
    with_tax_no,
)
from faktura.errors import Invalid
from faktura.events import announce
from faktura.invoicing.money import TaxError, parse_tax
from faktura.tenancy import find_owned

TEXT_FIELDS = (
    "name",
    "tax_no_kind",
    "tax_no",
    "register_number",
    "accounting_id",
    "post_code",
    "city",
    "street",
    "country",
    "delivery_address",
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile_phone",
    "www",
    "fax",
    "note",
    "bank",
    "bank_account",
    "default_payment_type",
    "person",
    "mass_payment_code",
    "external_id",
)
FLAG_FIELDS = (
    "use_delivery_address",
    "disable_auto_reminders",
    "tp_client_connection",
    "disable_tax_no_validation",
)
# Changing one of these makes the tax number be checked again.
TAX_NO_FIELDS = ("tax_no", "country", "tax_no_kind", "disable_tax_no_validation")

MAX_PAYMENT_DAYS = 9999
MAX_DISCOUNT = Decimal(100)
DISCOUNT_PLACES = 4
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def full_name(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".strip()


def tag_list(value) -> list[str]:
    """Tags from a list or a comma-separated string: trimmed, without blanks and repeats."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    tags: list[str] = []
    for item in items:
        tag = _text(item)
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _payment_to_kind(value) -> str | None:
    """The stored form of a payment term, or None when it is not one."""
    text = _text(value).lower()
    if text in ("", "off"):
        return text
    if text.isascii() and text.isdigit():
        days = int(text)
        return str(days) if days <= MAX_PAYMENT_DAYS else None
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    return None


def _discount_error(value: Decimal) -> str | None:
    if not 0 <= value <= MAX_DISCOUNT:
        return _("must be a percentage from 0 to 100")
    if value != value.quantize(Decimal(1).scaleb(-DISCOUNT_PLACES)):
        return _("may have at most %(count)d decimal places") % {"count": DISCOUNT_PLACES}
    return None


def _tax_no_error(client: Client) -> str | None:
    error = tax_numbers.check(client.tax_no, country=client.country, tax_no_kind=client.tax_no_kind)
    if error is None:
        return None
    if error.problem is tax_numbers.Problem.NIP_FORMAT:
        return _("is not a valid NIP: it must have 10 digits (e.g. 5252445767 or PL5252445767)")
    if error.problem is tax_numbers.Problem.NIP_CHECKSUM:
        return _("is not a valid NIP: the check digit does not match")
    return _("is not a valid %(prefix)s VAT number (expected a number like %(example)s)") % {
        "prefix": error.prefix,
        "example": error.example,
    }


def _free_shortcut(account: Account, name: str, exclude_pk: int | None) -> str:
    """`name`, or the first free of `name (1)`, `name (2)`, … among the account's clients."""
    max_length = Client._meta.get_field("shortcut").max_length
    base = name[:max_length]
    others = Client.objects.filter(account=account).exclude(pk=exclude_pk)
    # Every candidate starts with this much of the name (suffixes are short).
    taken = set(
        others.filter(shortcut__startswith=base[: max_length - 20]).values_list(
            "shortcut", flat=True
        )
    )
    candidate, n = base, 0
    while candidate in taken:
        n += 1
        suffix = f" ({n})"
        candidate = base[: max_length - len(suffix)] + suffix
    return candidate


def _apply(client: Client, data: dict, *, creating: bool) -> None:
    """Set the given fields on `client`, or raise Invalid naming every wrong one."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, reason: str) -> None:
        errors.setdefault(field, []).append(reason)

    name_was_derived = (
        not creating
        and not client.company
        and client.name == full_name(client.first_name, client.last_name)
    )
    for field in TEXT_FIELDS:
        if field in data:
            setattr(client, field, _text(data[field]))
    for field in FLAG_FIELDS:
        if field in data:
            setattr(client, field, bool(data[field]))
    if "company" in data:
        client.company = data["company"] is not False
    if "shortcut" in data:
        client.shortcut = _text(data["shortcut"])
    if "tag_list" in data:
        client.tags = tag_list(data["tag_list"])

    if "kind" in data:
        kind = _text(data["kind"]) or Client.Kind.BUYER
        if kind in Client.Kind.values:
            client.kind = kind
        else:
            refuse("kind", _("must be one of: buyer, seller, both"))
    if "category_id" in data:
        client.category = None
        if data["category_id"] is not None:
            client.category = find_owned(Category, account=client.account, id=data["category_id"])
            if client.category is None:
                refuse("category_id", _("does not exist in this account"))
    if "price_list_id" in data:
        client.price_list = None
        if data["price_list_id"] is not None:
            client.price_list = find_owned(
                PriceList, account=client.account, id=data["price_list_id"]
            )
            if client.price_list is None:
                refuse("price_list_id", _("does not exist in this account"))
    if "buyer_id" in data:
        client.buyer = None
        if data["buyer_id"] is not None:
            if client.pk is not None and data["buyer_id"] == client.pk:
                refuse("buyer_id", _("cannot be the client itself"))
            else:
                client.buyer = find_owned(Client, account=client.account, id=data["buyer_id"])
                if client.buyer is None:
                    refuse("buyer_id", _("does not exist in this account"))
    if "discount" in data:
        client.discount = data["discount"]
        if client.discount is not None:
            reason = _discount_error(Decimal(client.discount))
            if reason:
                refuse("discount", reason)
    if "default_tax" in data:
        client.default_tax = ""
        if _text(data["default_tax"]):
            try:
                client.default_tax = parse_tax(data["default_tax"]).code
            except TaxError:
                refuse(
                    "default_tax", _("must be a VAT rate (e.g. 23) or one of: zw, np, oo, disabled")
                )
    if "payment_to_kind" in data:
        term = _payment_to_kind(data["payment_to_kind"])
        if term is None:
            refuse(
                "payment_to_kind",
                _('must be a whole number of days (e.g. 30), "off" or a date (YYYY-MM-DD)'),
            )
        else:
            client.payment_to_kind = term

    if client.company:
        if not client.name:
            refuse("name", _("can't be blank"))
    elif not client.last_name:
        refuse("last_name", _("can't be blank"))
    elif not client.name or (name_was_derived and "name" not in data):
        client.name = full_name(client.first_name, client.last_name)

    checks_tax_no = creating or any(field in data for field in TAX_NO_FIELDS)
    if checks_tax_no and not client.disable_tax_no_validation:
        reason = _tax_no_error(client)
        if reason:
            refuse("tax_no", reason)

    for field in Client._meta.get_fields():
        if not isinstance(field, models.CharField | models.TextField) or field.name in errors:
            continue
        value = getattr(client, field.attname)
        if field.max_length and len(value) > field.max_length:
            refuse(
                field.name,
                _("is too long (maximum is %(count)d characters)") % {"count": field.max_length},
            )
    if errors:
        raise Invalid(errors)

    if (creating and "shortcut" not in data) or not client.shortcut:
        client.shortcut = _free_shortcut(client.account, client.name, client.pk)


def client_create(*, account: Account, data: dict) -> Client:
    """Create a client from the given fields. Atomic; raises Invalid naming the wrong fields."""
    with transaction.atomic():
        client = Client(account=account)
        _apply(client, data, creating=True)
        client.save()
        announce.client_changed(account=account, client=client, action="create")
    return client


def client_update(*, account: Account, id: int, data: dict) -> Client:
    """Change the given fields; the others keep their values. Atomic.

    Raises NotFound for another account's client and Invalid naming the wrong fields.
    """
    with transaction.atomic():
        client = get_client(account=account, id=id)
        _apply(client, data, creating=False)
        client.save()
        announce.client_changed(account=account, client=client, action="update")
    return client


def client_delete(*, account: Account, id: int) -> None:
    """Delete a client and nothing else. Atomic; raises NotFound for another account's client.

    Other clients whose `buyer` it was keep existing with no buyer (the foreign key is
    SET_NULL). Invoices keep their own copy of the buyer's data and will point at their
    client with SET_NULL too, so deleting a client never deletes or changes a document.
    """
    with transaction.atomic():
        client = get_client(account=account, id=id)
        announce.client_changed(account=account, client=client, action="destroy")
        client.delete()


def client_find_or_create(*, account: Account, data: dict) -> Client:
    """The account's client matching `data`, or a new one created from it (for invoices).

    Matching, first hit wins, oldest client first:
    1. by tax number, compared without spaces, hyphens, dots and country prefix
       ("PL 525-244-57-67" matches "5252445767"), whatever the other fields say;
    2. by exactly the same name (for a private person without a name: "first_name
       last_name") and the same e-mail (ignoring case; both may be empty) — among clients
       without a tax number when `data` has one, so that two firms with one name but
       different numbers stay apart.
    A found client is returned as it is: `data` does not update it. Otherwise the client
    is created as `client_create` does, with the same validation (Invalid naming the
    fields; pass `disable_tax_no_validation: True` to store an unchecked number).
    Atomic. Two concurrent calls with the same new data may create two clients.
    """
    with transaction.atomic():
        clients = client_list(account=account).order_by("id")
        tax_no = _text(data.get("tax_no"))
        if tax_numbers.search_key(tax_no):
            found = with_tax_no(clients, tax_no).first()
            if found is not None:
                return found
        name = _text(data.get("name"))
        if not name and data.get("company") is False:
            name = full_name(_text(data.get("first_name")), _text(data.get("last_name")))
        if name:
            candidates = clients.filter(name=name, email__iexact=_text(data.get("email")))
            if tax_no:
                candidates = candidates.filter(tax_no="")
            found = candidates.first()
            if found is not None:
                return found
        return client_create(account=account, data=data)


MAX_EXTERNAL_UPDATE = 1000


def clients_external_update(*, account: Account, items: list[dict]) -> dict[str, list[Client]]:
    """Create or update each client by its `external_id` (POST /clients/external_update.json).

    For a partner's historical sync (seed 001): an item whose `external_id` one of
    the account's clients has updates that client, any other is created; nothing is
    ever deleted. All items or none: Invalid names each problem as
    `clients.N.field`. Returns the clients `created` and `updated`, in the items' order.
    """
    if len(items) > MAX_EXTERNAL_UPDATE:
        raise Invalid.field(
            "clients", _("at most %(max)d clients at once") % {"max": MAX_EXTERNAL_UPDATE}
        )
    done: dict[str, list[Client]] = {"created": [], "updated": []}
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        for index, item in enumerate(items):
            external_id = str(item.get("external_id") or "").strip()
            if not external_id:
                errors.setdefault(f"clients.{index}.external_id", []).append(_("can't be blank"))
                continue
            existing = Client.objects.filter(account=account, external_id=external_id).first()
            try:
                with transaction.atomic():
                    if existing is None:
                        done["created"].append(client_create(account=account, data=item))
                    else:
                        updated = client_update(account=account, id=existing.pk, data=item)
                        done["updated"].append(updated)
            except Invalid as error:
                for field, reasons in error.errors.items():
                    errors.setdefault(f"clients.{index}.{field}", []).extend(reasons)
        if errors:
            transaction.set_rollback(True)
            raise Invalid(errors)
    return done
