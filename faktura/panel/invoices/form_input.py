"""What the invoice form holds, and the API's `invoice` object made from it.

The form's values are kept as the user typed them (strings), so a refused form
shows them again unchanged: head fields by their API names, and `positions`, a
list of rows (`name`, `quantity`, …, plus `id` for a line already saved,
`product_id`, `discount`, and `remove` when the row is ticked for removal, which
the API calls `_destroy`).
`new_invoice_data` turns them into what `invoice_create` takes; `changed_data`
into what `invoice_update` takes, naming only what differs from the saved
invoice, so an untouched line keeps its stored prices exactly.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone

from faktura.invoicing.models import Invoice
from faktura.invoicing.services.create import KINDS

ROW = re.compile(r"^positions-(\d+)-(\w+)$")
MAX_ROWS = 200
# A row's fields as the form names them (`discount` is a percent or an amount,
# by the invoice's discount kind; `remove` is the removal tick).
ROW_FIELDS = ("id", "product_id", "name", "quantity", "quantity_unit", "price_net", "tax")
ROW_EXTRA = ("discount", "remove")
BUYER_FIELDS = (
    "buyer_name",
    "buyer_tax_no",
    "buyer_street",
    "buyer_post_code",
    "buyer_city",
    "buyer_email",
)
HEAD_FIELDS = (
    "department_id",
    "kind",
    "number",
    "issue_date",
    "sell_date",
    "payment_to_kind",
    "payment_to",
    "payment_type",
    "currency",
    "lang",
    "discount_kind",
    "client_id",
    *BUYER_FIELDS,
    "description",
)
DISCOUNT_KINDS = ("percent_unit", "percent_total", "amount")
DEFAULT_TERM = "14"
NEW_ROW = {"quantity": "1", "quantity_unit": "szt", "tax": "23"}


def posted_values(post) -> dict:
    """The form's values from a POST (or GET) mapping, rows in their order, empty rows dropped."""
    values = {name: post.get(name, "").strip() for name in HEAD_FIELDS}
    values = {name: value for name, value in values.items() if value}
    rows: dict[int, dict] = {}
    for key, value in post.items():
        match = ROW.match(key)
        if match and match[2] in (*ROW_FIELDS, *ROW_EXTRA) and int(match[1]) < MAX_ROWS:
            rows.setdefault(int(match[1]), {})[match[2]] = value.strip()
    values["positions"] = [
        {name: value for name, value in row.items() if value}
        for _index, row in sorted(rows.items())
        if any(value for name, value in row.items() if name not in ("id", "remove"))
        or row.get("id")
    ]
    return values


def blank_values(kind: str | None, department_id: str = "") -> dict:
    today = timezone.localdate().isoformat()
    return {
        "department_id": department_id,
        "kind": kind if kind in KINDS else "vat",
        "issue_date": today,
        "sell_date": today,
        "payment_to_kind": DEFAULT_TERM,
        "payment_type": "transfer",
        "currency": "PLN",
        "lang": "pl",
        "discount_kind": DISCOUNT_KINDS[0],
        "positions": [dict(NEW_ROW)],
    }


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _number(value) -> str:
    """A stored Decimal as typed: no trailing zeros beyond the grosz ("2", "12.50")."""
    if value is None:
        return ""
    whole = value.normalize()
    return format(whole, "f") if whole == whole.to_integral() else f"{value:.2f}".rstrip("0")


def invoice_values(invoice: Invoice) -> dict:
    """The form's values for a saved invoice, as the edit page starts from."""
    discount_kind = invoice.discount_kind if invoice.discount_kind in DISCOUNT_KINDS else ""
    values = {name: _text(getattr(invoice, name, "")) for name in HEAD_FIELDS}
    values["client_id"] = _text(invoice.client_id)
    values["department_id"] = _text(invoice.department_id)
    values["discount_kind"] = discount_kind or DISCOUNT_KINDS[0]
    values["payment_to_kind"] = invoice.payment_to_kind or (
        "other_date" if invoice.payment_to else "off"
    )
    values["sell_date"] = _text(invoice.sell_date)
    rows = []
    for line in invoice.positions.order_by("order", "id"):
        discount = line.discount if discount_kind == "amount" else line.discount_percent
        row = {
            "id": str(line.pk),
            "product_id": _text(line.product_id),
            "name": line.name,
            "quantity": _number(line.quantity),
            "quantity_unit": line.quantity_unit,
            "price_net": f"{line.price_net:.2f}",
            "tax": line.tax,
            "discount": _number(discount) if invoice.show_discount else "",
        }
        rows.append({name: value for name, value in row.items() if value})
    values["positions"] = rows
    return {name: value for name, value in values.items() if value != ""}


@dataclass
class Payload:
    """An `invoice` object for the API's services, and where each of its lines came from.

    `rows[i]` is the index in the form's rows of the API's `positions[i]`, so the
    service's `positions.i.…` errors land on the row the user sees.
    """

    data: dict
    rows: list[int] = field(default_factory=list)

    def errors_on_rows(self, errors: dict) -> dict:
        placed = {}
        for key, reasons in errors.items():
            parts = key.split(".")
            if parts[0] == "positions" and len(parts) >= 3 and parts[1].isdigit():
                index = int(parts[1])
                row = self.rows[index] if index < len(self.rows) else index
                name = "discount" if parts[2] in ("discount_percent", "discount") else parts[2]
                key = ".".join(["positions", str(row), name, *parts[3:]])
            placed.setdefault(key, []).extend(reasons)
        return placed


def discounted(values: dict) -> bool:
    """Whether a row the form keeps has a discount."""
    return any(row.get("discount") for row in _kept(values))


def _kept(values: dict) -> list[dict]:
    return [row for row in values.get("positions", []) if not row.get("remove")]


def _line(row: dict, discount_kind: str, names) -> dict:
    """The API's position fields for the row's `names` (empty ones sent as blank)."""
    line = {}
    for name in names:
        value = row.get(name, "")
        if name == "discount":
            key = "discount" if discount_kind == "amount" else "discount_percent"
            line[key] = value or None
        elif name in ("id", "product_id"):
            line[name] = value or None
        else:
            line[name] = value
    return line


def priced_line(row: dict, discount_kind: str) -> dict:
    """A row as one API position for pricing alone (no id), blanks left out."""
    line = _line(row, discount_kind, ("product_id", *ROW_FIELDS[2:], "discount"))
    return {name: value for name, value in line.items() if value not in ("", None)}


def _discount_fields(values: dict) -> dict:
    if not discounted(values):
        return {"show_discount": False}
    return {"show_discount": True, "discount_kind": values.get("discount_kind") or "percent_unit"}


def _term(values: dict) -> dict:
    kind = values.get("payment_to_kind", "")
    if kind == "other_date" or (not kind and values.get("payment_to")):
        return {"payment_to_kind": "other_date", "payment_to": values.get("payment_to")}
    return {"payment_to_kind": kind} if kind else {}


def new_invoice_data(values: dict) -> Payload:
    """What `invoice_create` takes for a new invoice: what the form holds, blanks left out.

    With a client picked, the buyer fields shown (filled from the client, maybe
    changed) are what the invoice gets: they are sent with `buyer_override`.
    """
    head = ("payment_to_kind", "payment_to", "discount_kind")
    data = {name: value for name, value in values.items() if name in HEAD_FIELDS}
    for name in head:
        data.pop(name, None)
    data.update(_term(values))
    if data.get("client_id"):
        data["buyer_override"] = True
    payload = Payload(data)
    discount_kind = values.get("discount_kind", "")
    positions = []
    for index, row in enumerate(values.get("positions", [])):
        if row.get("remove"):
            continue
        positions.append(priced_line(row, discount_kind))
        payload.rows.append(index)
    data["positions"] = positions
    if discounted(values):
        data.update(_discount_fields(values))
    return payload


def changed_data(saved: dict, values: dict) -> Payload:
    """What `invoice_update` takes: the fields and lines that differ from `saved`.

    Lines not touched are not named (they keep their stored prices); a row ticked
    for removal is `{"id": …, "_destroy": 1}`; a new row is sent whole. A
    different client is sent with the buyer fields shown and `buyer_override`.
    """
    data = {}
    for name in HEAD_FIELDS:
        if name in ("payment_to_kind", "payment_to", "discount_kind", "client_id"):
            continue
        if values.get(name, "") != saved.get(name, ""):
            data[name] = values.get(name) or None
    if values.get("client_id", "") != saved.get("client_id", ""):
        data["client_id"] = values.get("client_id") or None
        if data["client_id"]:
            data["buyer_override"] = True
            data.update({name: values.get(name) or None for name in BUYER_FIELDS})
    if any(values.get(n, "") != saved.get(n, "") for n in ("payment_to_kind", "payment_to")):
        data.update(_term(values) or {"payment_to_kind": "off"})
    discount_kind = values.get("discount_kind", "")
    rows_before = {row["id"]: row for row in saved.get("positions", [])}
    discounts_changed = discount_kind != saved.get("discount_kind", "") or discounted(
        values
    ) != discounted(saved)
    payload = Payload(data)
    positions = []
    for index, row in enumerate(values.get("positions", [])):
        before = rows_before.get(row.get("id", ""))
        if row.get("remove"):
            if row.get("id"):
                positions.append({"id": row["id"], "_destroy": True})
                payload.rows.append(index)
            continue
        if before is None:
            names = ROW_FIELDS if row.get("id") else ROW_FIELDS[1:]
            line = _line(row, discount_kind, (*names, "discount"))
            positions.append({k: v for k, v in line.items() if v not in ("", None)})
        else:
            names = [n for n in (*ROW_FIELDS[1:], *ROW_EXTRA[:1]) if row.get(n) != before.get(n)]
            if discounts_changed and "discount" not in names:
                names.append("discount")
            if not names:
                continue
            if "product_id" in names:  # the new product's texts are what the row shows
                names = list(dict.fromkeys([*ROW_FIELDS[1:], *names]))
            positions.append(_line(row, discount_kind, ("id", *names)))
        payload.rows.append(index)
    if positions:
        data["positions"] = positions
    if discounts_changed:
        data.update(_discount_fields(values))
    return payload
