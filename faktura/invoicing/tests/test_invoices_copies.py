"""Documents made from others: copies, advances and finals from orders, invoices for receipts.

Worked example used throughout: an order (estimate) with two lines —
A: 23%, gross 123.00 (net 100.00, tax 23.00); B: 8%, 2 × gross 27.00 = 54.00
(net 50.00, tax 4.00). The order's totals: net 150.00, tax 27.00, gross 177.00.
"""

import datetime as dt
import json

import pytest
from django.utils import timezone

from faktura.catalog.models import Client
from faktura.invoicing.models import Invoice

pytestmark = pytest.mark.django_db

ORDER_LINES = [
    {"name": "Usługa A", "tax": 23, "total_price_gross": "123.00", "quantity": 1},
    {"name": "Towar B", "tax": 8, "price_gross": "27.00", "quantity": 2},
]


def _post(client, owner, invoice: dict, **top):
    body = {"api_token": owner.api_token, "invoice": invoice, **top}
    return client.post("/invoices.json", data=json.dumps(body), content_type="application/json")


def _put(client, owner, pk: int, invoice: dict):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return client.put(
        f"/invoices/{pk}.json", data=json.dumps(body), content_type="application/json"
    )


def _created(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def _errors(response) -> dict:
    assert response.status_code == 422, response.content
    return response.json()["message"]


def _document(client, owner, kind: str, **fields) -> dict:
    invoice = {"kind": kind, "buyer_name": "Klient1 sp. z o.o.", "positions": ORDER_LINES}
    return _created(_post(client, owner, {**invoice, **fields}))


def _totals(body: dict) -> tuple[str, str, str]:
    return body["price_net"], body["price_tax"], body["price_gross"]


# --- copy_invoice_from --------------------------------------------------------------


def test_a_proforma_copied_into_a_vat_invoice(client, owner):
    proforma = _document(
        client,
        owner,
        "proforma",
        issue_date="2026-10-01",
        payment_to_kind="14",
        buyer_tax_no="6272616681",
        currency="EUR",
        description="Płatne przelewem",
        oid="order-77",
    )
    # The client's card changes after the proforma: the VAT invoice keeps the buyer
    # as the proforma shows it.
    Client.objects.filter(pk=proforma["client_id"]).update(name="Nowa nazwa S.A.")
    body = _created(_post(client, owner, {"copy_invoice_from": proforma["id"], "kind": "vat"}))
    today = timezone.localdate()
    assert body["kind"] == "vat"
    assert body["from_invoice_id"] == proforma["id"]
    assert body["number"]
    assert body["number"] != proforma["number"]
    assert body["issue_date"] == today.isoformat()
    assert body["payment_to"] == (today + dt.timedelta(days=14)).isoformat()
    assert body["buyer_name"] == "Klient1 sp. z o.o."
    assert body["buyer_tax_no"] == "6272616681"
    assert body["client_id"] == proforma["client_id"]
    assert (body["currency"], body["oid"], body["description"]) == (
        "EUR",
        "order-77",
        "Płatne przelewem",
    )
    assert _totals(body) == ("150.00", "27.00", "177.00")
    assert [(p["name"], p["total_price_gross"]) for p in body["positions"]] == [
        ("Usługa A", "123.00"),
        ("Towar B", "54.00"),
    ]
    # The source is untouched.
    assert Invoice.objects.get(pk=proforma["id"]).kind == "proforma"


def test_a_copy_takes_the_further_recipients_and_issuers(client, owner):
    proforma = _document(
        client,
        owner,
        "proforma",
        recipients=[{"name": "Odbiorca1", "email": "o1@example.com", "participation": "10"}],
        issuers=[{"name": "Faktor SA", "role": "Faktor"}],
    )
    body = _created(_post(client, owner, {"copy_invoice_from": proforma["id"], "kind": "vat"}))
    assert [(p["name"], p["role"], p["participation"]) for p in body["recipients"]] == [
        ("Odbiorca1", "Odbiorca", "10.00")
    ]
    assert [(p["name"], p["role"]) for p in body["issuers"]] == [("Faktor SA", "Faktor")]
    assert body["recipients"][0]["id"] != proforma["recipients"][0]["id"]


def test_a_copy_keeps_the_sources_kind_and_takes_what_the_request_sends(client, owner):
    source = _document(client, owner, "vat")
    body = _created(
        _post(
            client,
            owner,
            {
                "copy_invoice_from": source["id"],
                "buyer_name": "Inny nabywca",
                "positions": [{"name": "Tylko to", "tax": 23, "total_price_gross": 12.30}],
            },
        )
    )
    assert body["kind"] == "vat"
    assert body["buyer_name"] == "Inny nabywca"
    assert [p["name"] for p in body["positions"]] == ["Tylko to"]
    assert _totals(body) == ("10.00", "2.30", "12.30")


def test_copying_an_unknown_or_foreign_document_is_refused(client, owner, other_owner):
    foreign = _document(client, other_owner, "proforma")
    before = Invoice.objects.count()
    for source in (foreign["id"], 999_999_999):
        errors = _errors(_post(client, owner, {"copy_invoice_from": source, "kind": "vat"}))
        assert errors == {"copy_invoice_from": ["nie istnieje na tym koncie"]}
    assert Invoice.objects.count() == before


# --- advances from an order ---------------------------------------------------------


def _advance(client, owner, order_id: int, mode: str, value: str, **fields):
    invoice = {
        "copy_invoice_from": order_id,
        "kind": "advance",
        "advance_creation_mode": mode,
        "advance_value": value,
        **fields,
    }
    return _post(client, owner, invoice)


def test_an_advance_of_ten_percent_splits_over_the_orders_rates(client, owner):
    order = _document(client, owner, "estimate")
    body = _created(
        _advance(client, owner, order["id"], "percent", "10", position_name="Zaliczka ZAM-1")
    )
    # 10% of 177.00 = 17.70; 23%: 17.70 × 123/177 = 12.30 (net 10.00, tax 2.30);
    # 8%: 17.70 × 54/177 = 5.40 (net 5.00, tax 0.40).
    assert [
        (p["name"], p["tax"], p["total_price_gross"], p["total_price_net"])
        for p in body["positions"]
    ] == [("Zaliczka ZAM-1", "23", "12.30", "10.00"), ("Zaliczka ZAM-1", "8", "5.40", "5.00")]
    assert _totals(body) == ("15.00", "2.70", "17.70")
    assert body["invoice_id"] == order["id"]
    assert body["from_invoice_id"] == order["id"]


def test_an_advance_of_an_amount_gives_the_left_grosz_to_the_largest_remainder(client, owner):
    order = _document(client, owner, "estimate")
    body = _created(_advance(client, owner, order["id"], "amount", "100"))
    # 100 × 123/177 = 69.4915… → 69.49; 100 × 54/177 = 30.5084… → 30.50; the grosz
    # left goes to the larger remainder (0.0084 > 0.0015): 8% gets 30.51.
    # Nets: 69.49 / 1.23 = 56.4959… → 56.50; 30.51 / 1.08 = 28.25.
    assert [
        (p["tax"], p["total_price_gross"], p["total_price_net"]) for p in body["positions"]
    ] == [
        ("23", "69.49", "56.50"),
        ("8", "30.51", "28.25"),
    ]
    assert _totals(body) == ("84.75", "15.25", "100.00")
    assert body["positions"][0]["name"] == f"Zaliczka na poczet zamówienia {order['number']}"


def test_advances_may_not_exceed_what_the_order_has_left(client, owner):
    order = _document(client, owner, "estimate")
    _created(_advance(client, owner, order["id"], "percent", "10"))
    _created(_advance(client, owner, order["id"], "amount", "100"))
    before = Invoice.objects.count()
    # 177.00 − 17.70 − 100.00 = 59.30 left.
    errors = _errors(_advance(client, owner, order["id"], "amount", "59.31"))
    assert list(errors) == ["advance_value"]
    assert "59.30" in errors["advance_value"][0]
    assert Invoice.objects.count() == before
    _created(_advance(client, owner, order["id"], "amount", "59.30"))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"advance_creation_mode": "percent", "advance_value": "0"}, "advance_value"),
        ({"advance_creation_mode": "percent", "advance_value": "100.5"}, "advance_value"),
        ({"advance_creation_mode": "percent"}, "advance_value"),
        (
            {"advance_creation_mode": "amount", "advance_value": "10", "kind": "vat"},
            "advance_creation_mode",
        ),
    ],
)
def test_bad_advance_requests_are_refused(client, owner, fields, field):
    order = _document(client, owner, "estimate")
    invoice = {"copy_invoice_from": order["id"], "kind": "advance", **fields}
    assert field in _errors(_post(client, owner, invoice))


def test_an_advance_mode_needs_an_order(client, owner):
    invoice = {"kind": "advance", "advance_creation_mode": "amount", "advance_value": "10"}
    errors = _errors(_post(client, owner, {**invoice, "buyer_name": "X"}))
    assert "copy_invoice_from" in errors


def test_an_unknown_advance_mode_is_refused(client, owner):
    order = _document(client, owner, "estimate")
    response = _advance(client, owner, order["id"], "half", "10")
    assert response.status_code == 422
    assert "advance_creation_mode" in json.dumps(response.json())


# --- final invoices -----------------------------------------------------------------


def _order_with_advances(client, owner):
    order = _document(client, owner, "estimate")
    first = _created(_advance(client, owner, order["id"], "percent", "10"))
    second = _created(_advance(client, owner, order["id"], "amount", "100"))
    return order, first, second


def test_a_final_invoice_deducts_its_advances_per_rate(client, owner):
    order, first, second = _order_with_advances(client, owner)
    body = _created(
        _post(
            client,
            owner,
            {
                "copy_invoice_from": order["id"],
                "kind": "final",
                "invoice_ids": [first["id"], second["id"]],
            },
        )
    )
    # The order's lines in full; per rate the order less the advances:
    # 23%: net 100.00 − 10.00 − 56.50 = 33.50, tax 23.00 − 2.30 − 12.99 = 7.71;
    # 8%: net 50.00 − 5.00 − 28.25 = 16.75, tax 4.00 − 0.40 − 2.26 = 1.34.
    # Totals: net 50.25, tax 9.05, gross 59.30 (= 177.00 − 17.70 − 100.00).
    assert [p["total_price_gross"] for p in body["positions"]] == ["123.00", "54.00"]
    assert _totals(body) == ("50.25", "9.05", "59.30")
    assert body["invoice_id"] == order["id"]
    final = Invoice.objects.get(pk=body["id"])
    assert set(final.advances.values_list("pk", flat=True)) == {first["id"], second["id"]}

    # Saving the final invoice again keeps the deduction.
    changed = _put(client, owner, body["id"], {"description": "Końcowa", "positions": []})
    assert changed.status_code == 200, changed.content
    assert _totals(changed.json()) == ("50.25", "9.05", "59.30")


def test_an_advance_is_settled_by_one_final_invoice_only(client, owner):
    order, first, second = _order_with_advances(client, owner)
    final = {"copy_invoice_from": order["id"], "kind": "final", "invoice_ids": [first["id"]]}
    _created(_post(client, owner, final))
    errors = _errors(_post(client, owner, final))
    assert list(errors) == ["invoice_ids"]
    assert "jest już rozliczona fakturą końcową" in errors["invoice_ids"][0]


def test_a_final_invoice_names_only_advances_of_its_account(client, owner, other_owner):
    order, first, _second = _order_with_advances(client, owner)
    vat = _document(client, owner, "vat")
    foreign_order = _document(client, other_owner, "estimate")
    foreign = _created(_advance(client, other_owner, foreign_order["id"], "percent", "10"))
    before = Invoice.objects.count()
    for ids in ([vat["id"]], [foreign["id"]], [first["id"], 999_999_999], []):
        final = {"copy_invoice_from": order["id"], "kind": "final", "invoice_ids": ids}
        assert list(_errors(_post(client, owner, final))) == ["invoice_ids"]
    assert Invoice.objects.count() == before


def test_invoice_ids_may_come_as_text(client, owner):
    order, first, second = _order_with_advances(client, owner)
    final = {
        "copy_invoice_from": order["id"],
        "kind": "final",
        "invoice_ids": f"{first['id']},{second['id']}",
    }
    assert _totals(_created(_post(client, owner, final))) == ("50.25", "9.05", "59.30")


# --- invoices for receipts ----------------------------------------------------------


def test_an_invoice_for_a_receipt_links_to_it_once(client, owner):
    receipt = _document(client, owner, "receipt")
    invoice = {
        "from_invoice_id": receipt["id"],
        "additional_params": "for_receipt",
        "exclude_from_stock_level": True,
        "buyer_name": "Klient1 Sp. z o.o.",
        "buyer_tax_no": "6272616681",
        "positions": [
            {"name": "Produkt A1", "quantity": "1", "tax": "23", "total_price_gross": "10,23"}
        ],
    }
    body = _created(_post(client, owner, invoice))
    assert (body["from_invoice_id"], body["invoice_id"]) == (receipt["id"], receipt["id"])
    assert body["kind"] == "vat"
    assert body["price_gross"] == "10.23"
    assert Invoice.objects.get(pk=body["id"]).exclude_from_stock_level is True
    errors = _errors(_post(client, owner, invoice))
    assert list(errors) == ["from_invoice_id"]
    assert body["number"] in errors["from_invoice_id"][0]
    listed = client.get(
        "/invoices.json", {"api_token": owner.api_token, "from_invoice_id": receipt["id"]}
    ).json()
    assert [row["id"] for row in listed] == [body["id"]]


def test_for_receipt_needs_a_receipt(client, owner):
    vat = _document(client, owner, "vat")
    invoice = {"from_invoice_id": vat["id"], "additional_params": "for_receipt", "buyer_name": "X"}
    assert list(_errors(_post(client, owner, {**invoice, "positions": ORDER_LINES}))) == [
        "from_invoice_id"
    ]
    invoice["additional_params"] = "something"
    assert "additional_params" in _errors(
        _post(client, owner, {**invoice, "positions": ORDER_LINES})
    )


def test_an_existing_invoice_is_linked_to_a_receipt_by_update(client, owner, other_owner):
    receipt = _document(client, owner, "receipt")
    vat = _document(client, owner, "vat")
    response = _put(
        client,
        owner,
        vat["id"],
        {
            "from_invoice_id": receipt["id"],
            "invoice_id": receipt["id"],
            "exclude_from_stock_level": True,
        },
    )
    assert response.status_code == 200, response.content
    assert (response.json()["from_invoice_id"], response.json()["invoice_id"]) == (
        receipt["id"],
        receipt["id"],
    )
    foreign = _document(client, other_owner, "receipt")
    errors = _errors(_put(client, owner, vat["id"], {"from_invoice_id": foreign["id"]}))
    assert errors == {"from_invoice_id": ["nie istnieje na tym koncie"]}
    assert Invoice.objects.get(pk=vat["id"]).from_invoice_id == receipt["id"]


# --- default notes and OSS ----------------------------------------------------------


def test_fill_default_descriptions_adds_the_accounts_default_notes(client, owner):
    owner.account.settings["default_descriptions"] = [
        {"kind": "Uwaga", "content": "Dziękujemy za zakupy"},
        {"kind": "Zwrot", "content": "Zwrot w ciągu 14 dni"},
    ]
    owner.account.save()
    invoice = {"buyer_name": "X", "positions": ORDER_LINES, "description": "Własna"}
    plain = _created(_post(client, owner, invoice))
    filled = _created(_post(client, owner, invoice, fill_default_descriptions=True))
    notes = client.get(
        f"/invoices/{filled['id']}.json", {"api_token": owner.api_token, "include": "descriptions"}
    ).json()["descriptions"]
    assert [(note["kind"], note["content"]) for note in notes] == [
        ("Uwaga", "Własna"),
        ("Uwaga", "Dziękujemy za zakupy"),
        ("Zwrot", "Zwrot w ciągu 14 dni"),
    ]
    assert Invoice.objects.get(pk=plain["id"]).descriptions.count() == 1


@pytest.mark.parametrize(
    ("buyer", "expected"),
    [
        ({"buyer_country": "FR"}, True),
        ({"buyer_country": "Francja"}, True),
        ({"buyer_country": "PL"}, False),
        ({"buyer_country": "FR", "buyer_tax_no": "FR40303265045"}, False),
        ({"buyer_country": "US"}, False),
    ],
)
def test_identify_oss_marks_only_sales_to_consumers_elsewhere_in_the_eu(
    client, owner, buyer, expected
):
    invoice = {
        "kind": "vat",
        "seller_name": "Wystawca Sp. z o.o.",
        "seller_country": "PL",
        "buyer_name": "Klient1",
        "use_oss": True,
        "positions": [{"name": "Produkt A1", "tax": 20, "total_price_gross": 50, "quantity": 3}],
        **buyer,
    }
    checked = _created(_post(client, owner, invoice, identify_oss="1"))
    assert checked["use_oss"] is expected
    # Without identify_oss the flag is taken as sent.
    assert _created(_post(client, owner, invoice))["use_oss"] is True


def test_an_advance_a_final_invoice_deducts_can_be_neither_deleted_nor_cancelled(client, owner):
    order, first, _second = _order_with_advances(client, owner)
    final = _created(
        _post(
            client,
            owner,
            {"copy_invoice_from": order["id"], "kind": "final", "invoice_ids": [first["id"]]},
        )
    )
    deleted = client.delete(f"/invoices/{first['id']}.json?api_token={owner.api_token}")
    assert deleted.status_code == 422
    assert final["number"] in deleted.json()["message"]["id"][0]
    cancel = {"api_token": owner.api_token, "cancel_invoice_id": first["id"]}
    cancelled = client.post(
        "/invoices/cancel.json", data=json.dumps(cancel), content_type="application/json"
    )
    assert list(_errors(cancelled)) == ["cancel_invoice_id"]
    assert Invoice.objects.get(pk=first["id"]).kind == "advance"
    # Once the final invoice is cancelled, the advance is free again: for a new
    # final invoice, or to be deleted.
    cancel["cancel_invoice_id"] = final["id"]
    response = client.post(
        "/invoices/cancel.json", data=json.dumps(cancel), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    again = {"copy_invoice_from": order["id"], "kind": "final", "invoice_ids": [first["id"]]}
    _created(_post(client, owner, again))


def test_a_final_invoice_from_an_xml_request(client, owner):
    order, first, second = _order_with_advances(client, owner)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><request>'
        f"<api_token>{owner.api_token}</api_token><invoice>"
        f'<copy_invoice_from type="integer">{order["id"]}</copy_invoice_from><kind>final</kind>'
        f'<invoice_ids type="array"><invoice_id type="integer">{first["id"]}</invoice_id>'
        f'<invoice_id type="integer">{second["id"]}</invoice_id></invoice_ids>'
        "</invoice></request>"
    )
    response = client.post("/invoices.xml", data=body, content_type="application/xml")
    assert response.status_code == 201, response.content
    assert "<price_gross>59.30</price_gross>" in response.content.decode()
