"""An invoice's further recipients and issuers (`recipients`, `issuers`; KSeF's Podmiot3).

The reference's rules ("Odbiorcy/Wystawcy na fakturze"):

- A party needs a `name`, or a `first_name` or `last_name`. Texts are stripped.
- `role` is one of its side's roles (RECIPIENT_ROLES, ISSUER_ROLES); without one
  (absent, null or "") the side's first role is used. The roles with an en dash
  ("JST – odbiorca") are also accepted with a plain hyphen-minus and stored with
  the en dash, as the reference writes them.
- `role_description` belongs to "Rola inna" only: refused with any other role,
  and required with it, because KSeF requires a description of another role.
  When a change moves a party away from "Rola inna" without sending
  `role_description`, the old description is dropped with the role.
- `participation` is a share between 0 and 100 with at most 2 decimals, or null.
- `company` (is the party a company) is true unless sent.

On update each list follows the nested-attributes rule of `positions`: an entry
with `id` changes that party (of this invoice and of this side only: a recipient's
id under `issuers` is refused), one without `id` is appended after the side's
existing parties, `{"id": X, "_destroy": 1}` deletes one; parties not named stay.
A changed party is checked as it will be stored: its stored values overlaid with
what was sent.

Nothing here opens a transaction: the invoice services call these inside theirs,
and collect problems in `errors` under `recipients.N.field` / `issuers.N.field`.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from faktura.invoicing.models import Invoice, InvoiceParty

RECIPIENT_ROLES = (
    "Odbiorca",
    "Dodatkowy nabywca",
    "Dokonujący płatności",
    "JST \u2013 odbiorca",
    "Członek GV \u2013 odbiorca",
    "Pracownik",
    "Rola inna",
)
ISSUER_ROLES = (
    "Wystawca faktury",
    "Faktor",
    "Podmiot pierwotny",
    "JST \u2013 wystawca",
    "Członek GV \u2013 wystawca",
    "Rola inna",
)
OTHER_ROLE = "Rola inna"
# The request's lists, and the side their parties are stored under.
LISTS = {"recipients": InvoiceParty.Side.RECIPIENT, "issuers": InvoiceParty.Side.ISSUER}
ROLES = {InvoiceParty.Side.RECIPIENT: RECIPIENT_ROLES, InvoiceParty.Side.ISSUER: ISSUER_ROLES}
TEXT_FIELDS = (
    "name",
    "first_name",
    "last_name",
    "tax_no",
    "country",
    "city",
    "post_code",
    "street",
    "phone",
    "email",
    "note",
)
PARTICIPATION_MAX = Decimal(100)
PARTICIPATION_STEP = Decimal("0.01")


def _role_key(text: str) -> str:
    # Clients type a hyphen-minus where the reference has an en dash.
    return " ".join(text.replace("\u2013", "-").split())


_ROLE_BY_KEY = {side: {_role_key(role): role for role in roles} for side, roles in ROLES.items()}


def parties_from(data: dict, errors: dict) -> list[InvoiceParty]:
    """The parties a new invoice gets, checked and unsaved, in the order sent."""
    parties = []
    for key, side in LISTS.items():
        order = 0
        for index, entry in enumerate(data.get(key) or []):
            if entry.get("destroy"):
                continue
            row = InvoiceParty(side=side, order=order)
            _fill(row, entry, f"{key}.{index}", errors)
            parties.append(row)
            order += 1
    return parties


def store(invoice: Invoice, parties: list[InvoiceParty]) -> list[InvoiceParty]:
    for party in parties:
        party.account, party.invoice = invoice.account, invoice
    return InvoiceParty.objects.bulk_create(parties)


def parties_changes(invoice: Invoice, data: dict, errors: dict) -> list:
    """What a PUT's `recipients` and `issuers` do, checked; the changes for `apply`."""
    if data.get("recipients") is None and data.get("issuers") is None:
        return []
    stored = list(invoice.parties.all())
    changes: list[tuple[str, InvoiceParty]] = []
    for key, side in LISTS.items():
        existing = {row.pk: row for row in stored if row.side == side}
        changes += _side_changes(invoice, key, side, existing, data.get(key) or [], errors)
    return changes


def _side_changes(
    invoice: Invoice, key: str, side: str, existing: dict, entries: list[dict], errors: dict
) -> list:
    next_order = max((row.order for row in existing.values()), default=-1) + 1
    named: set[int] = set()
    changes: list[tuple[str, InvoiceParty]] = []
    for index, entry in enumerate(entries):
        where = f"{key}.{index}"
        party_id = entry.get("id")
        if party_id is None:
            if entry.get("destroy"):
                continue
            row = InvoiceParty(account=invoice.account, invoice=invoice, side=side)
            row.order, next_order = next_order, next_order + 1
        elif party_id not in existing:
            errors.setdefault(f"{where}.id", []).append(_not_of_this_invoice(side))
            continue
        elif party_id in named:
            # Saving a row after deleting it would bring it back: one change per party.
            errors.setdefault(f"{where}.id", []).append(_("is given more than once"))
            continue
        else:
            named.add(party_id)
            row = existing[party_id]
            if entry.get("destroy"):
                changes.append(("delete", row))
                continue
        _fill(row, entry, where, errors)
        changes.append(("save", row))
    return changes


def _not_of_this_invoice(side: str) -> str:
    if side == InvoiceParty.Side.RECIPIENT:
        return _("is not a recipient of this invoice")
    return _("is not an issuer of this invoice")


def apply(changes: list) -> None:
    for operation, row in changes:
        if operation == "delete":
            row.delete()
        else:
            row.save()


def _fill(row: InvoiceParty, entry: dict, where: str, errors: dict) -> None:
    """Overlay `row` (new or stored) with the entry's fields, then check the result."""
    for field in TEXT_FIELDS:
        if field in entry:
            setattr(row, field, (entry[field] or "").strip())
    if entry.get("company") is not None:
        row.company = entry["company"]
    if "participation" in entry:
        row.participation = _participation(entry["participation"], where, errors)
    role_known = _role(row, entry, where, errors)
    if "role_description" in entry:
        row.role_description = (entry["role_description"] or "").strip()
    if not (row.name or row.first_name or row.last_name):
        errors.setdefault(f"{where}.name", []).append(_("give a name, or a first or last name"))
    if role_known:
        _check_role_description(row, where, errors)


def _role(row: InvoiceParty, entry: dict, where: str, errors: dict) -> bool:
    """Set the role sent (or the side's first for a new party); False when it is unknown."""
    if "role" not in entry and row.pk is not None:
        return True
    text = (entry.get("role") or "").strip()
    role = _ROLE_BY_KEY[row.side].get(_role_key(text)) if text else ROLES[row.side][0]
    if role is None:
        errors.setdefault(f"{where}.role", []).append(
            _("must be one of: %s") % ", ".join(ROLES[row.side])
        )
        return False
    if role != OTHER_ROLE and "role_description" not in entry:
        row.role_description = ""
    row.role = role
    return True


def _check_role_description(row: InvoiceParty, where: str, errors: dict) -> None:
    field = f"{where}.role_description"
    if row.role == OTHER_ROLE and not row.role_description:
        errors.setdefault(field, []).append(
            _("is required when role is %(role)s") % {"role": OTHER_ROLE}
        )
    elif row.role != OTHER_ROLE and row.role_description:
        errors.setdefault(field, []).append(
            _("is allowed only when role is %(role)s") % {"role": OTHER_ROLE}
        )


def _participation(value: Decimal | None, where: str, errors: dict) -> Decimal | None:
    if value is None:
        return None
    field = f"{where}.participation"
    if not value.is_finite() or not Decimal(0) <= value <= PARTICIPATION_MAX:
        errors.setdefault(field, []).append(
            _("must be between 0 and %(max)d") % {"max": PARTICIPATION_MAX}
        )
        return None
    if value != value.quantize(PARTICIPATION_STEP):
        errors.setdefault(field, []).append(
            _("has too many decimal places (at most %(places)d)") % {"places": 2}
        )
        return None
    return value
