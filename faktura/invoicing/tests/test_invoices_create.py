"""POST /invoices.json: the reference's examples and what they must produce."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from faktura.catalog.models import BankAccount, BankAccountDepartment, Client, Product
from faktura.invoicing.models import Invoice

pytestmark = pytest.mark.django_db


def _create(client, owner, invoice: dict, fmt: str = "json"):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return client.post(f"/invoices.{fmt}", data=json.dumps(body), content_type="application/json")


def _errors(response) -> dict:
    assert response.status_code == 422, response.content
    return response.json()["message"]


REFERENCE_EXAMPLE = {
    "kind": "vat",
    "number": None,
    "sell_date": "2026-11-20",
    "issue_date": "2026-11-20",
    "payment_to": "2026-11-27",
    "seller_name": "Seller SA",
    "seller_tax_no": "5252445767",
    "buyer_name": "Client1 SA",
    "buyer_tax_no": "5252445767",
    "positions": [
        {"name": "Produkt A1", "tax": 23, "total_price_gross": 10.23, "quantity": 1},
        {"name": "Produkt A2", "tax": 0, "total_price_gross": 50, "quantity": 3},
    ],
}


def test_the_reference_example_is_issued_with_exact_amounts(client, owner):
    response = _create(client, owner, REFERENCE_EXAMPLE)
    assert response.status_code == 201, response.content
    body = response.json()
    # Line 1: gross 10.23 at 23% → net round(10.23 / 1.23) = 8.32, tax 1.91.
    # Line 2: gross 50.00 at 0% → net 50.00, tax 0.00.
    # Totals: net 58.32, tax 1.91, gross 60.23 (the wire notes' recorded invoice).
    assert (body["price_net"], body["price_tax"], body["price_gross"]) == (
        "58.32",
        "1.91",
        "60.23",
    )
    assert body["number"] == "1/11/2026"
    assert body["seller_name"] == "Seller SA"
    assert body["buyer_name"] == "Client1 SA"
    assert body["payment_to"] == "2026-11-27"
    assert [p["total_price_gross"] for p in body["positions"]] == ["10.23", "50.00"]
    assert Client.objects.get(account=owner.account).name == "Client1 SA"


def test_numbers_follow_each_other_in_their_series(client, owner):
    numbers = [_create(client, owner, REFERENCE_EXAMPLE).json()["number"] for _ in range(3)]
    assert numbers == ["1/11/2026", "2/11/2026", "3/11/2026"]


def test_a_taken_explicit_number_is_refused(client, owner):
    _create(client, owner, {**REFERENCE_EXAMPLE, "number": "7/11/2026"})
    errors = _errors(_create(client, owner, {**REFERENCE_EXAMPLE, "number": "7/11/2026"}))
    assert list(errors) == ["number"]
    # An explicit number that fits the series moves its counter past it.
    assert _create(client, owner, REFERENCE_EXAMPLE).json()["number"] == "8/11/2026"


def test_minimal_creation_from_client_and_product_ids(client, owner):
    buyer = Client.objects.create(account=owner.account, name="Kupiec", city="Kraków")
    product = Product.objects.create(
        account=owner.account,
        name="Kawa",
        price_net=Decimal("10.00"),
        price_gross=Decimal("12.30"),
        price_tax=Decimal("2.30"),
        tax="23",
    )
    response = _create(
        client,
        owner,
        {
            "payment_to_kind": 5,
            "client_id": buyer.pk,
            "positions": [{"product_id": product.pk, "quantity": 2}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    today = timezone.localdate()
    assert body["issue_date"] == today.isoformat()
    assert body["payment_to"] == (today + dt.timedelta(days=5)).isoformat()
    assert (body["buyer_name"], body["buyer_city"]) == ("Kupiec", "Kraków")
    assert body["seller_name"] == "Acme sp. z o.o."
    # 2 × 12.30 gross at 23%: net 20.00, tax 4.60, gross 24.60.
    assert (body["price_net"], body["price_tax"], body["price_gross"]) == (
        "20.00",
        "4.60",
        "24.60",
    )
    assert body["positions"][0]["name"] == "Kawa"


def test_the_invoice_keeps_its_buyer_snapshot_when_the_client_changes(client, owner):
    buyer = Client.objects.create(account=owner.account, name="Stara Nazwa")
    invoice_id = _create(
        client,
        owner,
        {"client_id": buyer.pk, "positions": [{"name": "Usługa", "tax": 23, "price_net": 100}]},
    ).json()["id"]
    buyer.name = "Nowa Nazwa"
    buyer.save()
    assert Invoice.objects.get(pk=invoice_id).buyer_name == "Stara Nazwa"


def test_the_departments_bank_accounts_are_printed(client, owner):
    main = owner.account.departments.get(main=True)
    bank = BankAccount.objects.create(
        account=owner.account,
        bank_name="Santander",
        bank_account_number="PL61 1090 1014 0000 0712 1981 2874",
        number_normalized="PL61109010140000071219812874",
    )
    BankAccountDepartment.objects.create(
        account=owner.account, bank_account=bank, department=main, show_on_invoice=True
    )
    body = _create(client, owner, REFERENCE_EXAMPLE).json()
    assert [b["bank_account_number"] for b in body["bank_accounts"]] == [
        "PL61 1090 1014 0000 0712 1981 2874"
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"positions": [{"name": "X", "tax": "abc", "price_net": 1}]}, "positions.0.tax"),
        ({"positions": [{"product_id": 999999, "quantity": 1}]}, "positions.0.product_id"),
        ({"positions": [{"tax": 23, "price_net": 1}]}, "positions.0.name"),
        ({"positions": []}, "positions"),
        ({"sell_date": "2026-13"}, "sell_date"),
        ({"department_id": 999999}, "department_id"),
        ({"payment_to_kind": "soon"}, "payment_to_kind"),
    ],
)
def test_bad_fields_are_refused_naming_them_and_nothing_is_written(client, owner, change, field):
    errors = _errors(_create(client, owner, {**REFERENCE_EXAMPLE, **change}))
    assert field in errors
    assert not Invoice.objects.exists()
    assert not Client.objects.exists()


def test_another_accounts_client_is_refused(client, owner, other_owner):
    foreign = Client.objects.create(account=other_owner.account, name="Obcy")
    errors = _errors(_create(client, owner, {**REFERENCE_EXAMPLE, "client_id": foreign.pk}))
    assert list(errors) == ["client_id"]


def test_oid_unique_refuses_a_second_invoice_for_the_same_order(client, owner):
    order = {**REFERENCE_EXAMPLE, "oid": "zamowienie10021", "oid_unique": "yes"}
    assert _create(client, owner, order).status_code == 201
    assert list(_errors(_create(client, owner, order))) == ["oid"]


def test_sell_date_may_be_a_month(client, owner):
    body = _create(client, owner, {**REFERENCE_EXAMPLE, "sell_date": "2026-10"}).json()
    assert body["sell_date"] == "2026-10"


def test_an_invoice_is_created_from_xml_and_answered_in_xml(client, owner):
    xml = (
        "<invoice><kind>vat</kind><issue_date>2026-11-20</issue_date>"
        "<buyer_name>Klient XML</buyer_name><positions><position><name>Produkt X1</name>"
        "<tax>23</tax><total_price_gross>20</total_price_gross><quantity>1</quantity>"
        "</position></positions></invoice>"
    )
    response = client.post(
        f"/invoices.xml?api_token={owner.api_token}",
        data=xml.encode(),
        content_type="application/xml",
    )
    assert response.status_code == 201, response.content
    text = response.content.decode()
    assert "<buyer_name>Klient XML</buyer_name>" in text
    assert "<price_gross>20.00</price_gross>" in text


def test_a_percent_discount_is_taken_once_and_list_prices_are_kept(client, owner):
    invoice = {
        **REFERENCE_EXAMPLE,
        "show_discount": True,
        "discount_kind": "percent_unit",
        "positions": [
            {"name": "A", "tax": 23, "price_net": 100, "quantity": 2, "discount_percent": 10}
        ],
    }
    body = _create(client, owner, invoice).json()
    # 2 × 100.00 net less 10% of the unit net: 2 × 90.00 = 180.00 net, 41.40 tax, 221.40 gross.
    assert (body["price_net"], body["price_tax"], body["price_gross"]) == (
        "180.00",
        "41.40",
        "221.40",
    )
    assert body["positions"][0]["price_net"] == "100.00"


def test_a_margin_position_needs_its_margin_rate(client, owner):
    margin = {
        **REFERENCE_EXAMPLE,
        "kind": "vat_margin",
        "positions": [
            {
                "name": "Wycieczka",
                "tax": "disabled",
                "total_price_gross": 5000,
                "total_purchase_price": 4200,
                "vat_margin_tax": 23,
            }
        ],
    }
    response = _create(client, owner, margin)
    assert response.status_code == 201, response.content
    # Margin invoices show no tax (art. 106e ust. 3): the gross is the price paid.
    assert response.json()["price_gross"] == "5000.00"
    without_rate = {**margin, "positions": [{**margin["positions"][0], "vat_margin_tax": None}]}
    assert "positions.0.vat_margin_tax" in _errors(_create(client, owner, without_rate))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"positions": [{"name": "A", "tax": 23, "price_net": "1e17"}]}, "positions.0.price_net"),
        ({"positions": [{"name": "A", "tax": 23, "price_net": "1e999"}]}, "positions.0.price_net"),
        ({"paid": "1e999"}, "paid"),
        (
            {"positions": [{"name": "A", "tax": 23, "price_net": 1, "quantity": "1.00001"}]},
            "positions.0.quantity",
        ),
        (
            {"positions": [{"name": "A", "tax": 23, "price_net": 1, "discount_percent": 1000}]},
            "positions.0.discount_percent",
        ),
        ({"payment_to_kind": "²"}, "payment_to_kind"),
        ({"payment_to_kind": "99999999999"}, "payment_to_kind"),
    ],
)
def test_numbers_that_do_not_fit_are_refused_not_a_500(client, owner, change, field):
    errors = _errors(_create(client, owner, {**REFERENCE_EXAMPLE, **change}))
    assert field in errors
    assert not Invoice.objects.exists()


def test_stored_discount_amounts_are_rounded_half_up(client, owner):
    invoice = {
        **REFERENCE_EXAMPLE,
        "show_discount": True,
        "discount_kind": "amount",
        "positions": [{"name": "A", "tax": 23, "price_net": 10, "discount": "0.125"}],
    }
    body = _create(client, owner, invoice).json()
    stored = Invoice.objects.get(pk=body["id"]).positions.get()
    assert stored.discount == Decimal("0.13")


def test_a_line_too_large_for_its_column_is_refused_not_a_500(client, owner):
    huge = {"name": "X", "tax": 23, "price_net": "9" * 15, "quantity": "9" * 13}
    errors = _errors(_create(client, owner, {**REFERENCE_EXAMPLE, "positions": [huge]}))
    # 999 999 999 999 999 × 9 999 999 999 999 overflows the engine's 28 digits.
    assert list(errors) == ["positions.0.total_price_net"]
    assert not Invoice.objects.exists()


def test_descriptions_from_the_reference_example(client, owner):
    invoice = {
        **REFERENCE_EXAMPLE,
        "descriptions": [
            {"kind": "Uwaga 1", "content": " Treść pierwszej uwagi ", "position_index": 1},
            {"kind": "", "content": "Treść drugiej uwagi"},
            {"kind": "", "content": ""},
        ],
    }
    invoice_id = _create(client, owner, invoice).json()["id"]
    body = client.get(
        f"/invoices/{invoice_id}.json?api_token={owner.api_token}&include=descriptions"
    ).json()
    assert body["description"] == "Treść pierwszej uwagi"
    assert [
        (d["kind"], d["content"], d["position_index"], d["row_number"])
        for d in body["descriptions"]
    ] == [
        ("Uwaga 1", "Treść pierwszej uwagi", 1, 1),
        ("Uwaga", "Treść drugiej uwagi", None, 2),
    ]


def test_a_lone_description_becomes_one_note(client, owner):
    invoice_id = _create(client, owner, {**REFERENCE_EXAMPLE, "description": "Dziękujemy"}).json()[
        "id"
    ]
    body = client.get(
        f"/invoices/{invoice_id}.json?api_token={owner.api_token}&include=descriptions"
    ).json()
    assert [(d["kind"], d["content"]) for d in body["descriptions"]] == [("Uwaga", "Dziękujemy")]


def test_emoji_in_a_note_is_refused(client, owner):
    invoice = {**REFERENCE_EXAMPLE, "descriptions": [{"kind": "Uwaga", "content": "Super 👍"}]}
    assert list(_errors(_create(client, owner, invoice))) == ["descriptions.0.content"]


def test_settlements_change_the_amount_to_pay_not_the_totals(client, owner):
    invoice = {
        **REFERENCE_EXAMPLE,
        "settlement_positions": [
            {"kind": "charge", "amount": "100.00", "reason": "Koszty transportu"},
            {"kind": "deduction", "amount": "50", "reason": "Rabat za wcześniejszą zapłatę"},
        ],
    }
    body = _create(client, owner, invoice).json()
    assert body["price_gross"] == "60.23"
    assert [(s["kind"], s["amount"], s["reason"]) for s in body["settlement_positions"]] == [
        ("charge", "100.00", "Koszty transportu"),
        ("deduction", "50.00", "Rabat za wcześniejszą zapłatę"),
    ]
    paid = client.post(
        f"/invoices/{body['id']}/change_status.json?api_token={owner.api_token}&status=paid"
    )
    assert paid.status_code == 200
    # To pay: 60.23 + 100.00 − 50.00 = 110.23.
    assert Invoice.objects.get(pk=body["id"]).paid == Decimal("110.23")


@pytest.mark.parametrize(
    ("settlement", "field"),
    [
        ({"kind": "charge", "amount": "0"}, "settlement_positions.0.amount"),
        ({"kind": "bonus", "amount": "1"}, "settlement_positions.0.kind"),
    ],
)
def test_bad_settlements_are_refused_naming_the_field(client, owner, settlement, field):
    errors = _errors(
        _create(client, owner, {**REFERENCE_EXAMPLE, "settlement_positions": [settlement]})
    )
    assert field in errors
    assert not Invoice.objects.exists()


def _put(client, owner, invoice_id, invoice: dict):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return client.put(
        f"/invoices/{invoice_id}.json", data=json.dumps(body), content_type="application/json"
    )


def _notes(client, owner, invoice_id) -> list[tuple]:
    body = client.get(
        f"/invoices/{invoice_id}.json?api_token={owner.api_token}&include=descriptions"
    ).json()
    return [(d["kind"], d["content"], d["row_number"]) for d in body["descriptions"]]


def test_notes_are_updated_added_and_deleted_as_the_reference_shows(client, owner):
    invoice = {
        **REFERENCE_EXAMPLE,
        "descriptions": [{"kind": "A", "content": "pierwsza"}, {"kind": "B", "content": "druga"}],
    }
    invoice_id = _create(client, owner, invoice).json()["id"]
    first, second = Invoice.objects.get(pk=invoice_id).descriptions.order_by("row_number")
    response = _put(
        client,
        owner,
        invoice_id,
        {
            "descriptions": [
                {"id": first.pk, "_destroy": 1},
                {"id": second.pk, "kind": "Zmieniony nagłówek", "content": "Zmieniona treść"},
                {"kind": "Nowa uwaga", "content": "Treść nowej uwagi"},
            ]
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["description"] == "Zmieniona treść"
    assert _notes(client, owner, invoice_id) == [
        ("Zmieniony nagłówek", "Zmieniona treść", 1),
        ("Nowa uwaga", "Treść nowej uwagi", 2),
    ]


def test_a_lone_description_on_update_changes_the_first_note(client, owner):
    invoice_id = _create(client, owner, {**REFERENCE_EXAMPLE, "description": "stara"}).json()["id"]
    assert _put(client, owner, invoice_id, {"description": "nowa"}).status_code == 200
    assert _notes(client, owner, invoice_id) == [("Uwaga", "nowa", 1)]


def test_another_invoices_note_cannot_be_changed(client, owner):
    other = _create(client, owner, {**REFERENCE_EXAMPLE, "description": "cudza"}).json()["id"]
    mine = _create(client, owner, REFERENCE_EXAMPLE).json()["id"]
    foreign_note = Invoice.objects.get(pk=other).descriptions.get()
    errors = _errors(
        _put(client, owner, mine, {"descriptions": [{"id": foreign_note.pk, "content": "x"}]})
    )
    assert list(errors) == ["descriptions.0.id"]
    foreign_note.refresh_from_db()
    assert foreign_note.content == "cudza"


def test_settlements_are_updated_and_deleted(client, owner):
    invoice = {
        **REFERENCE_EXAMPLE,
        "settlement_positions": [{"kind": "charge", "amount": "10", "reason": "Transport"}],
    }
    invoice_id = _create(client, owner, invoice).json()["id"]
    charge = Invoice.objects.get(pk=invoice_id).settlement_positions.get()
    body = _put(
        client,
        owner,
        invoice_id,
        {"settlement_positions": [{"id": charge.pk, "kind": "charge", "amount": "12.5"}]},
    ).json()
    assert [(s["amount"], s["reason"]) for s in body["settlement_positions"]] == [
        ("12.50", "Transport")
    ]
    body = _put(
        client,
        owner,
        invoice_id,
        {"settlement_positions": [{"id": charge.pk, "kind": "charge", "amount": 1, "_destroy": 1}]},
    ).json()
    assert "settlement_positions" not in body
