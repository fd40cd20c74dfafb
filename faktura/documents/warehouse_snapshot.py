"""What a printed warehouse document (PZ, WZ, MM, PW, RW) shows, as JSON-ready data. Pure.

A transfer (MM) is stored as an issue from one warehouse and a receipt in the
other; the page lists each product once, with the quantity moved. Values are
quantity × the price the document carries for its direction: purchase prices
for receipts and transfers, sale prices for a WZ (what the buyer is charged),
rounded to the grosz; a line without a price has no value.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from faktura.documents import labels
from faktura.documents.formatting import amount_text, date_text, quantity_text
from faktura.invoicing import money

# Who signs each kind: the one handing the goods over, the one taking them.
SIGNERS = {
    "pz": ("released_by", "accepted_by"),
    "wz": ("released_by", "received_by"),
    "mm": ("released_by", "accepted_by"),
    "pw": ("issued_by", "accepted_by"),
    "rw": ("released_by", "received_by"),
}
SALE_PRICED = ("wz",)


def _price(action: Any, kind: str) -> Decimal | None:
    return action.price_net if kind in SALE_PRICED else action.purchase_price_net


def warehouse_document_snapshot(
    document: Any,
    actions: Sequence[Any],
    *,
    products: dict[int, Any],
    warehouse_name: str,
    warehouse2_name: str = "",
    invoice_numbers: Sequence[str] = (),
    lang: str = labels.DEFAULT,
) -> dict[str, Any]:
    """The page data; `products` maps product ids to rows with name, code, quantity_unit."""
    words = labels.words(lang)
    kind = document.kind
    # An MM's receipt side repeats its issue side; print the moves out of `warehouse`.
    shown = [a for a in actions if a.warehouse_id == document.warehouse_id] or list(actions)
    lines, total, priced = [], Decimal(0), False
    for number, action in enumerate(shown, start=1):
        product = products.get(action.product_id)
        quantity = abs(action.quantity)
        price = _price(action, kind)
        value = None if price is None else money.round_money(price * quantity)
        if value is not None:
            total += value
            priced = True
        lines.append(
            {
                "no": str(number),
                "name": getattr(product, "name", "") or "",
                "code": getattr(product, "code", "") or "",
                "quantity": quantity_text(quantity, lang),
                "unit": getattr(product, "quantity_unit", "") or "",
                "price": amount_text(price, lang),
                "value": amount_text(value, lang),
            }
        )
    client_place = " ".join(p for p in (document.client_post_code, document.client_city) if p)
    client_lines = [document.client_street, client_place, document.client_country]
    if document.client_tax_no:
        client_lines.append(f"{words['tax_no']}: {document.client_tax_no}")
    source = words["warehouse_from"] if warehouse2_name else words["warehouse"]
    warehouses = [[source, warehouse_name]]
    if warehouse2_name:
        warehouses.append([words["warehouse_to"], warehouse2_name])
    return {
        "lang": labels.languages(lang)[0],
        "title": labels.warehouse_title(kind, lang),
        "number": document.number,
        "labels": words,
        "dates": [[words["issue_date"], date_text(document.issue_date, lang)], *warehouses],
        "client": {
            "name": document.client_name,
            "lines": [line for line in client_lines if line],
        },
        "department": document.department_name,
        "lines": lines,
        "total": amount_text(total, lang) if priced else "",
        "currency": document.currency,
        "invoices": list(invoice_numbers),
        "description": document.description,
        "signers": [words[key] for key in SIGNERS[kind]],
    }
