"""Corrections sent as the reference's example does: each line before, after, and the change.

The corrected invoice: "Product A1", 2 × gross 10.00 at 23% = gross 20.00
(net round(20.00 / 1.23) = 16.26, tax 3.74).
"""

import json
from decimal import Decimal

import pytest

from faktura.invoicing.models import Invoice, InvoicePosition

pytestmark = pytest.mark.django_db


def _post(client, owner, invoice: dict):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return client.post("/invoices.json", data=json.dumps(body), content_type="application/json")


def _created(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def _errors(response) -> dict:
    assert response.status_code == 422, response.content
    return response.json()["message"]


def _corrected(client, owner) -> dict:
    return _created(
        _post(
            client,
            owner,
            {
                "buyer_name": "Klient1 sp. z o.o.",
                "buyer_tax_no": "6272616681",
                "positions": [
                    {"name": "Product A1", "quantity": 2, "total_price_gross": "20", "tax": "23"}
                ],
            },
        )
    )


def _side(kind: str, quantity: str, gross: str, tax: str = "23", name: str = "Product A1"):
    return {
        "name": name,
        "quantity": quantity,
        "total_price_gross": gross,
        "tax": tax,
        "kind": kind,
    }


def _correction(invoice_id: int, **line) -> dict:
    entry = {
        "name": "Product A1",
        "quantity": -1,
        "total_price_gross": "-10",
        "tax": "23",
        "kind": "correction",
        "correction_before_attributes": _side("correction_before", "2", "20"),
        "correction_after_attributes": _side("correction_after", "1", "10"),
        **line,
    }
    return {
        "kind": "correction",
        "correction_reason": "Zła ilość",
        "invoice_id": str(invoice_id),
        "from_invoice_id": str(invoice_id),
        "positions": [entry],
    }


def test_the_reference_correction_example(client, owner):
    corrected = _corrected(client, owner)
    body = _created(
        _post(client, owner, {**_correction(corrected["id"]), "client_id": corrected["client_id"]})
    )
    # After: gross 10.00 → net round(10.00 / 1.23) = 8.13, tax 1.87.
    # Change: net 8.13 − 16.26 = −8.13, tax 1.87 − 3.74 = −1.87, gross −10.00.
    assert (body["price_net"], body["price_tax"], body["price_gross"]) == (
        "-8.13",
        "-1.87",
        "-10.00",
    )
    assert body["kind"] == "correction"
    assert body["correction_reason"] == "Zła ilość"
    assert (body["invoice_id"], body["from_invoice_id"]) == (corrected["id"], corrected["id"])
    assert body["number"].startswith("KOR/")
    [line] = body["positions"]
    assert (line["kind"], line["quantity"], line["price_gross"], line["total_price_net"]) == (
        "correction",
        "-1.0",
        "10.00",
        "-8.13",
    )
    assert "correction_before_attributes" not in line
    stored = InvoicePosition.objects.filter(invoice_id=body["id"])
    assert sorted(stored.values_list("kind", flat=True)) == [
        "correction",
        "correction_after",
        "correction_before",
    ]


def test_correction_positions_full_nests_the_sides(client, owner):
    corrected = _corrected(client, owner)
    body = _created(_post(client, owner, _correction(corrected["id"])))
    full = client.get(
        f"/invoices/{body['id']}.json",
        {"api_token": owner.api_token, "correction_positions": "full"},
    ).json()
    [line] = full["positions"]
    before, after = line["correction_before_attributes"], line["correction_after_attributes"]
    assert (
        before["kind"],
        before["quantity"],
        before["total_price_gross"],
        before["total_price_net"],
    ) == (
        "correction_before",
        "2.0",
        "20.00",
        "16.26",
    )
    assert (
        after["kind"],
        after["quantity"],
        after["total_price_gross"],
        after["total_price_net"],
    ) == (
        "correction_after",
        "1.0",
        "10.00",
        "8.13",
    )
    # The list shows the same with include_positions.
    listed = client.get(
        "/invoices.json",
        {
            "api_token": owner.api_token,
            "include_positions": "true",
            "correction_positions": "full",
            "kind": "correction",
        },
    ).json()
    assert listed[0]["positions"][0]["correction_after_attributes"]["total_price_gross"] == "10.00"
    xml = client.get(
        f"/invoices/{body['id']}.xml",
        {"api_token": owner.api_token, "correction_positions": "full"},
    ).content.decode()
    assert "<correction_before_attributes>" in xml
    assert "<kind>correction_after</kind>" in xml


def test_a_correction_without_buyer_data_takes_the_corrected_invoices(client, owner):
    corrected = _corrected(client, owner)
    body = _created(_post(client, owner, _correction(corrected["id"])))
    assert (body["buyer_name"], body["buyer_tax_no"], body["client_id"]) == (
        "Klient1 sp. z o.o.",
        "6272616681",
        corrected["client_id"],
    )
    assert body["seller_name"] == corrected["seller_name"]


def test_a_price_correction_keeps_the_quantity(client, owner):
    corrected = _corrected(client, owner)
    line = {
        "quantity": None,
        "total_price_gross": None,
        "correction_before_attributes": {"name": "A", "quantity": 2, "price_net": "10", "tax": 23},
        "correction_after_attributes": {"name": "A", "quantity": 2, "price_net": "9", "tax": 23},
    }
    body = _created(_post(client, owner, _correction(corrected["id"], **line)))
    # Before: net 20.00, gross 24.60; after: net 18.00, gross 22.14.
    # Change: 2 × net −1.00 = −2.00, gross −2.46, tax −0.46.
    [line] = body["positions"]
    assert (
        line["quantity"],
        line["price_net"],
        line["total_price_net"],
        line["total_price_gross"],
    ) == (
        "2.0",
        "-1.00",
        "-2.00",
        "-2.46",
    )
    assert (body["price_net"], body["price_tax"], body["price_gross"]) == (
        "-2.00",
        "-0.46",
        "-2.46",
    )


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"total_price_gross": "-9"}, "positions.0.total_price_gross"),
        ({"correction_after_attributes": None}, "positions.0.correction_after_attributes"),
        (
            {"correction_before_attributes": _side("correction_before", "2", "20", tax="abc")},
            "positions.0.correction_before_attributes.tax",
        ),
        (
            {"correction_after_attributes": _side("correction_after", "1", "10", tax="8")},
            "positions.0.correction_after_attributes.tax",
        ),
        (
            {"correction_after_attributes": _side("correction_after", "-1", "10")},
            "positions.0.correction_after_attributes.quantity",
        ),
        (
            {"correction_before_attributes": {"name": "A", "quantity": 1, "tax": 23}},
            "positions.0.correction_before_attributes.price_net",
        ),
    ],
)
def test_bad_corrections_are_refused_naming_the_field(client, owner, line, field):
    corrected = _corrected(client, owner)
    before = (Invoice.objects.count(), InvoicePosition.objects.count())
    errors = _errors(_post(client, owner, _correction(corrected["id"], **line)))
    assert field in errors
    assert (Invoice.objects.count(), InvoicePosition.objects.count()) == before


def test_the_expected_change_is_named_when_it_disagrees(client, owner):
    corrected = _corrected(client, owner)
    errors = _errors(_post(client, owner, _correction(corrected["id"], total_price_gross="-9")))
    assert "-10.00" in errors["positions.0.total_price_gross"][0]


def test_sides_belong_to_corrections_only(client, owner):
    corrected = _corrected(client, owner)
    invoice = {**_correction(corrected["id"]), "kind": "vat"}
    assert "positions.0.correction_before_attributes" in _errors(_post(client, owner, invoice))


def test_a_correction_of_another_accounts_invoice_is_refused(client, owner, other_owner):
    foreign = _corrected(client, other_owner)
    errors = _errors(_post(client, owner, _correction(foreign["id"])))
    assert set(errors) == {"invoice_id", "from_invoice_id"}


def test_correction_positions_only_knows_full(client, owner):
    corrected = _corrected(client, owner)
    response = client.get(
        f"/invoices/{corrected['id']}.json",
        {"api_token": owner.api_token, "correction_positions": "some"},
    )
    assert response.status_code == 400
    assert "correction_positions" in response.json()["message"]


def test_the_lines_of_a_correction_are_not_changed_by_update(client, owner):
    corrected = _corrected(client, owner)
    body = _created(_post(client, owner, _correction(corrected["id"])))
    response = client.put(
        f"/invoices/{body['id']}.json",
        data=json.dumps(
            {
                "api_token": owner.api_token,
                "invoice": {"positions": [{"name": "X", "price_net": 1}]},
            }
        ),
        content_type="application/json",
    )
    assert "positions" in _errors(response)
    # Other fields still change, and the totals stay.
    response = client.put(
        f"/invoices/{body['id']}.json",
        data=json.dumps({"api_token": owner.api_token, "invoice": {"correction_reason": "Rabat"}}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["correction_reason"], response.json()["price_gross"]) == (
        "Rabat",
        "-10.00",
    )


def test_a_correction_of_a_correction_chains(client, owner):
    corrected = _corrected(client, owner)
    first = _created(_post(client, owner, _correction(corrected["id"])))
    # The second correction takes the line from 1 back to 3 pieces.
    second = _created(
        _post(
            client,
            owner,
            _correction(
                first["id"],
                quantity=2,
                total_price_gross="20",
                correction_before_attributes=_side("correction_before", "1", "10"),
                correction_after_attributes=_side("correction_after", "3", "30"),
            ),
        )
    )
    # 30.00 gross → net 24.39; the chain: 16.26 − 8.13 + (24.39 − 8.13) = 24.39.
    assert (second["price_net"], second["price_gross"]) == ("16.26", "20.00")
    assert sum(Decimal(body["price_net"]) for body in (corrected, first, second)) == Decimal(
        "24.39"
    )
