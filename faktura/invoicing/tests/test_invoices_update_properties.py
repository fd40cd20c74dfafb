"""PUT /invoices/{id}.json over random invoices: saving again never moves an amount, no 5xx."""

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

NO_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
PRICE_KEYS = ("price_net", "price_gross", "total_price_net", "total_price_gross")
LINE_AMOUNTS = (
    "quantity",
    "tax",
    "price_net",
    "price_gross",
    "price_tax",
    "total_price_net",
    "total_price_tax",
    "total_price_gross",
    "discount",
    "discount_percent",
)


def _send(client, owner, method: str, path: str, invoice: dict):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def _amounts(invoice: dict) -> tuple:
    lines = tuple(
        (position["id"], *(position[key] for key in LINE_AMOUNTS))
        for position in invoice["positions"]
    )
    return invoice["price_net"], invoice["price_tax"], invoice["price_gross"], lines


@st.composite
def positions(draw):
    price_key = draw(st.sampled_from(PRICE_KEYS))
    line = {
        "name": "Pozycja",
        "tax": draw(st.sampled_from(["23", "8", "5", "0", "zw", "np"])),
        "quantity": str(
            draw(st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(1000), places=4))
        ),
        # Three decimals: the engine rounds what clients send to the grosz.
        price_key: str(draw(st.decimals(min_value=0, max_value=Decimal(100000), places=3))),
    }
    discount = draw(st.sampled_from(["none", "percent", "amount"]))
    if discount == "percent":
        line["discount_percent"] = str(
            draw(st.decimals(min_value=0, max_value=Decimal(100), places=2))
        )
    elif discount == "amount":
        line["discount"] = str(draw(st.decimals(min_value=0, max_value=Decimal(50), places=2)))
    return line


invoices = st.fixed_dictionaries(
    {
        "buyer_name": st.just("Klient"),
        "calculating_strategy": st.fixed_dictionaries(
            {
                "position": st.sampled_from(["default", "keep_gross"]),
                "sum": st.sampled_from(["sum", "keep_gross", "keep_net"]),
            }
        ),
        "show_discount": st.booleans(),
        "discount_kind": st.sampled_from(
            ["percent_unit", "percent_unit_gross", "percent_total", "amount"]
        ),
        "positions": st.lists(positions(), min_size=1, max_size=4),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=NO_HEALTH)
@given(invoice=invoices)
def test_saving_an_invoice_again_gives_exactly_the_same_amounts(client, owner, invoice):
    created = _send(client, owner, "post", "/invoices.json", invoice)
    assert created.status_code in (201, 422), created.content
    # 422: a discount amount larger than its line; nothing to save again.
    assume(created.status_code == 201)
    before = created.json()
    path = f"/invoices/{before['id']}.json"

    unchanged = _send(client, owner, "put", path, {})
    assert unchanged.status_code == 200, unchanged.content
    assert _amounts(unchanged.json()) == _amounts(before)

    # A client that read the invoice and sends its lines back as they are shown.
    sent_back = ("quantity", "tax", *PRICE_KEYS, "discount", "discount_percent")
    shown = [{"id": p["id"], **{key: p[key] for key in sent_back}} for p in before["positions"]]
    echoed = _send(client, owner, "put", path, {"positions": shown})
    assert echoed.status_code == 200, echoed.content
    assert _amounts(echoed.json()) == _amounts(before)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.text(max_size=12)
    | st.sampled_from(["1", "0", "-1", "1e999", "NaN", "23", "zw", "12,5", "2026-02-30", "off"])
)
invoice_keys = st.sampled_from(
    [
        "kind",
        "number",
        "issue_date",
        "sell_date",
        "payment_to",
        "payment_to_kind",
        "status",
        "paid",
        "paid_date",
        "client_id",
        "department_id",
        "category_id",
        "buyer_name",
        "income",
        "show_discount",
        "discount_kind",
        "skonto_discount_value",
        "exchange_currency_rate",
        "oid",
        "oid_unique",
    ]
)
position_keys = st.sampled_from(
    [
        "id",
        "_destroy",
        "name",
        "tax",
        "quantity",
        *PRICE_KEYS,
        "discount",
        "discount_percent",
        "product_id",
        "total_purchase_price",
        "vat_margin_tax",
    ]
)


@settings(max_examples=80, deadline=None, suppress_health_check=NO_HEALTH)
@given(
    fields=st.dictionaries(invoice_keys, scalars, max_size=5),
    entries=st.lists(st.dictionaries(position_keys, scalars, max_size=5), max_size=3),
    use_ids=st.booleans(),
)
def test_no_update_body_makes_the_api_answer_5xx(client, owner, fields, entries, use_ids):
    line = {"name": "Usługa", "tax": 23, "price_net": 100}
    created = _send(
        client, owner, "post", "/invoices.json", {"buyer_name": "Klient", "positions": [line]}
    )
    invoice = created.json()
    if use_ids:
        entries = [{**entry, "id": invoice["positions"][0]["id"]} for entry in entries]
    response = _send(
        client, owner, "put", f"/invoices/{invoice['id']}.json", {**fields, "positions": entries}
    )
    # 400: a NUL character anywhere in the body (refused for every resource).
    assert response.status_code in (200, 400, 422), response.content
