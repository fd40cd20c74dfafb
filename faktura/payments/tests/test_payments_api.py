"""/banking/payments.json: the reference's examples and how payments settle invoices.

Invoices used: A for 100.00 gross and B for 200.00 gross.
"""

import json
from decimal import Decimal

import pytest

from faktura.invoicing.models import Invoice
from faktura.payments.models import Allocation, Payment

pytestmark = pytest.mark.django_db


def _invoice(client, owner, gross: str) -> dict:
    body = {
        "api_token": owner.api_token,
        "invoice": {
            "buyer_name": "Klient1",
            "positions": [{"name": "A", "tax": "zw", "total_price_gross": gross}],
        },
    }
    response = client.post("/invoices.json", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def _send(client, owner, method: str, path: str, payment: dict):
    body = {"api_token": owner.api_token, "banking_payment": payment}
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def _state(pk: int) -> tuple[str, str]:
    invoice = Invoice.objects.get(pk=pk)
    return str(invoice.paid), invoice.status


@pytest.fixture
def invoices(client, owner):
    return _invoice(client, owner, "100"), _invoice(client, owner, "200")


def test_the_reference_example_without_invoices(client, owner):
    response = _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {"name": "Payment 001", "price": 100.05, "invoice_id": None, "paid": True, "kind": "api"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["price"], body["paid"], body["kind"], body["invoice_id"]) == (
        "Payment 001",
        "100.05",
        True,
        "api",
        None,
    )
    assert body["paid_date"].endswith(("+01:00", "+02:00", "Z"))
    for path in (f"/banking/payments/{body['id']}.json", f"/banking/payment/{body['id']}.json"):
        shown = client.get(path, {"api_token": owner.api_token})
        assert shown.status_code == 200
        assert shown.json() == body


def test_invoices_are_settled_in_the_order_given(client, owner, invoices):
    a, b = invoices
    response = _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {"name": "Payment 003", "price": 200, "invoice_ids": [a["id"], b["id"]], "paid": True},
    )
    assert response.status_code == 201, response.content
    # 200.00: A takes its 100.00 in full, B the 100.00 left of its 200.00.
    assert (_state(a["id"]), _state(b["id"])) == (("100.00", "paid"), ("100.00", "partial"))
    assert response.json()["invoice_ids"] == [a["id"], b["id"]]
    assert Invoice.objects.get(pk=a["id"]).paid_date is not None

    # A second payment of 100.00 for B completes it.
    second = _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {"price": 100, "invoice_id": b["id"], "paid": True},
    ).json()
    assert _state(b["id"]) == ("200.00", "paid")

    # Lowering the first payment to 150.00: A still 100.00, B 50.00 + 100.00.
    payment_id = response.json()["id"]
    changed = _send(client, owner, "patch", f"/banking/payments/{payment_id}.json", {"price": 150})
    assert changed.status_code == 200, changed.content
    assert (_state(a["id"]), _state(b["id"])) == (("100.00", "paid"), ("150.00", "partial"))

    # Deleting payments takes their money back off the invoices.
    deleted = client.delete(f"/banking/payments/{payment_id}.json?api_token={owner.api_token}")
    assert deleted.status_code == 200
    assert (_state(a["id"]), _state(b["id"])) == (("0.00", "issued"), ("100.00", "partial"))
    client.delete(f"/banking/payments/{second['id']}.json?api_token={owner.api_token}")
    assert _state(b["id"]) == ("0.00", "issued")
    assert Invoice.objects.get(pk=b["id"]).paid_date is None


def test_an_overpayment_stays_on_the_last_invoice(client, owner, invoices):
    a, _b = invoices
    _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {"price": "120", "invoice_id": a["id"], "paid": True},
    )
    assert _state(a["id"]) == ("120.00", "paid")


def test_a_payment_not_yet_paid_settles_nothing_until_it_is(client, owner, invoices):
    a, _b = invoices
    pending = _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {"price": 100, "invoice_id": a["id"], "paid": False},
    ).json()
    assert _state(a["id"]) == ("0.00", "issued")
    assert pending["paid_date"] is None
    _send(client, owner, "put", f"/banking/payments/{pending['id']}.json", {"paid": True})
    assert _state(a["id"]) == ("100.00", "paid")


def test_include_invoices_embeds_them(client, owner, invoices):
    a, b = invoices
    _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {"price": 10, "invoice_ids": [b["id"], a["id"]], "paid": True},
    )
    rows = client.get(
        "/banking/payments.json", {"api_token": owner.api_token, "include": "invoices"}
    ).json()
    assert [invoice["id"] for invoice in rows[0]["invoices"]] == [b["id"], a["id"]]
    assert rows[0]["invoices"][0]["number"] == b["number"]
    plain = client.get("/banking/payments.json", {"api_token": owner.api_token}).json()
    assert "invoices" not in plain[0]
    bad = client.get("/banking/payments.json", {"api_token": owner.api_token, "include": "x"})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("payment", "field"),
    [
        ({"price": -1}, "price"),
        ({"price": 10, "invoice_ids": [999999]}, "invoice_ids"),
        ({"price": 10, "invoice_ids": [2**70]}, "invoice_ids"),
        ({"price": 10, "invoice_id": 999999}, "invoice_id"),
        ({"price": 10, "client_id": 999999}, "client_id"),
        ({"price": "abc"}, "price"),
    ],
)
def test_bad_payments_are_refused_naming_the_field(client, owner, payment, field):
    response = _send(client, owner, "post", "/banking/payments.json", payment)
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["message"])
    assert not Payment.objects.exists()


def test_a_cancelled_invoice_cannot_be_paid(client, owner, invoices):
    a, _b = invoices
    Invoice.objects.filter(pk=a["id"]).update(cancelled=True)
    response = _send(
        client, owner, "post", "/banking/payments.json", {"price": 1, "invoice_id": a["id"]}
    )
    assert response.status_code == 422


def test_another_accounts_invoices_cannot_be_paid(client, owner, other_owner):
    foreign = _invoice(client, other_owner, "100")
    response = _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {"price": 100, "invoice_id": foreign["id"], "paid": True},
    )
    assert response.status_code == 422
    assert _state(foreign["id"]) == ("0.00", "issued")
    assert not Allocation.objects.exists()
    assert Decimal(Invoice.objects.get(pk=foreign["id"]).paid) == 0


def test_an_invoice_shows_its_connected_payments(client, owner, invoices):
    a, b = invoices
    first = _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {"name": "P1", "price": 150, "invoice_ids": [a["id"], b["id"]], "paid": True},
    ).json()
    params = {"api_token": owner.api_token, "additional_fields[invoice]": "connected_payments"}
    shown = client.get(f"/invoices/{b['id']}.json", params).json()
    assert [(p["id"], p["name"], p["invoice_ids"]) for p in shown["connected_payments"]] == [
        (first["id"], "P1", [a["id"], b["id"]])
    ]
    listed = client.get("/invoices.json", params).json()
    assert {row["id"]: len(row["connected_payments"]) for row in listed} == {a["id"]: 1, b["id"]: 1}


def test_generate_invoice_issues_the_paid_vat_invoice_in_the_same_write(client, owner):
    response = _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {
            "name": "Zamówienie 77",
            "price": "246.00",
            "paid": True,
            "kind": "api",
            "generate_invoice": True,
            "invoice_name": "Klient1 SA",
            "invoice_tax_no": "6272616681",
            "invoice_street": "Nowa 44",
            "invoice_city": "Kraków",
            "invoice_post_code": "30-314",
            "invoice_country": "PL",
            "email": "k@example.com",
            "oid": "77",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    invoice = Invoice.objects.get(pk=body["invoice_id"])
    # 246.00 gross at 23%: net round(246 / 1.23) = 200.00, tax 46.00.
    assert (invoice.kind, invoice.buyer_name, invoice.buyer_tax_no, invoice.oid) == (
        "vat",
        "Klient1 SA",
        "6272616681",
        "77",
    )
    assert (str(invoice.price_net), str(invoice.price_gross)) == ("200.00", "246.00")
    assert (str(invoice.paid), invoice.status) == ("246.00", "paid")
    assert invoice.positions.get().name == "Zamówienie 77"


def test_generate_invoice_refusals_name_the_invoice_field_and_write_nothing(client, owner):
    response = _send(
        client,
        owner,
        "post",
        "/banking/payments.json",
        {"price": "10", "paid": True, "generate_invoice": True, "tax": "abc"},
    )
    assert response.status_code == 422, response.content
    assert set(response.json()["message"]) >= {"invoice.buyer_name"}
    assert not Payment.objects.exists()
    assert not Invoice.objects.exists()
