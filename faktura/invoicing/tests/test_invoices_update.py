"""PUT/PATCH /invoices/{id}.json: the reference's update examples, fields, numbers, refusals."""

import datetime as dt
import json
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from faktura.catalog.models import (
    BankAccount,
    BankAccountDepartment,
    Client,
    Department,
    Product,
)
from faktura.invoicing.models import Invoice, InvoicePosition

pytestmark = pytest.mark.django_db

EXAMPLE = {
    "kind": "vat",
    "issue_date": "2026-11-20",
    "sell_date": "2026-11-20",
    "payment_to": "2026-11-27",
    "buyer_name": "Klient1 Sp. z o.o.",
    "buyer_tax_no": "5252445767",
    "positions": [
        {"name": "Produkt A1", "tax": 23, "price_net": 100, "quantity": 2},
        {"name": "Produkt A2", "tax": 8, "price_net": 50, "quantity": 1},
    ],
}


def _create(client, owner, invoice: dict | None = None) -> dict:
    body = {"api_token": owner.api_token, "invoice": invoice or EXAMPLE}
    response = client.post("/invoices.json", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def _update(client, owner, id: int, invoice: dict, *, method: str = "put"):
    body = {"api_token": owner.api_token, "invoice": invoice}
    send = getattr(client, method)
    return send(f"/invoices/{id}.json", data=json.dumps(body), content_type="application/json")


def _show(client, owner, id: int) -> dict:
    response = client.get(f"/invoices/{id}.json?api_token={owner.api_token}")
    assert response.status_code == 200, response.content
    return response.json()


def _errors(response) -> dict:
    assert response.status_code == 422, response.content
    return response.json()["message"]


def _without_times(invoice: dict) -> dict:
    """The invoice as shown, less what every save changes (`updated_at`)."""
    shown = {key: value for key, value in invoice.items() if key != "updated_at"}
    shown["positions"] = [
        {key: value for key, value in position.items() if key != "updated_at"}
        for position in invoice["positions"]
    ]
    return shown


def _totals(invoice: dict) -> tuple[str, str, str]:
    return invoice["price_net"], invoice["price_tax"], invoice["price_gross"]


def test_the_reference_example_changes_the_buyer_name_and_nothing_else(client, owner):
    before = _create(client, owner)
    response = _update(client, owner, before["id"], {"buyer_name": "Nowa nazwa klienta Sp. z o.o."})
    assert response.status_code == 200, response.content
    after = response.json()
    assert after["buyer_name"] == "Nowa nazwa klienta Sp. z o.o."
    assert _without_times(after) == {
        **_without_times(before),
        "buyer_name": "Nowa nazwa klienta Sp. z o.o.",
    }
    # The snapshot is the invoice's own: the client it was issued to keeps its name.
    assert Client.objects.get(pk=before["client_id"]).name == "Klient1 Sp. z o.o."
    assert _show(client, owner, before["id"])["buyer_name"] == "Nowa nazwa klienta Sp. z o.o."


def test_patch_changes_only_what_is_sent_like_put(client, owner):
    before = _create(client, owner)
    response = _update(client, owner, before["id"], {"place": "Kraków"}, method="patch")
    assert response.status_code == 200, response.content
    assert _without_times(response.json()) == {**_without_times(before), "place": "Kraków"}


def test_the_reference_example_renames_a_position_by_its_id(client, owner):
    before = _create(client, owner)
    first, second = before["positions"]
    after = _update(
        client, owner, before["id"], {"positions": [{"id": first["id"], "name": "test"}]}
    )
    assert after.status_code == 200, after.content
    positions = after.json()["positions"]
    assert [(p["id"], p["name"]) for p in positions] == [
        (first["id"], "test"),
        (second["id"], "Produkt A2"),
    ]
    # A new name recomputes nothing: the line's amounts are those it had.
    assert _without_times({"positions": positions})["positions"] == [
        {**_without_times({"positions": [first]})["positions"][0], "name": "test"},
        _without_times({"positions": [second]})["positions"][0],
    ]
    assert _totals(after.json()) == _totals(before)


def test_the_reference_example_deletes_a_position_with_destroy(client, owner):
    before = _create(client, owner)
    second = before["positions"][1]
    response = _update(
        client, owner, before["id"], {"positions": [{"id": second["id"], "_destroy": 1}]}
    )
    assert response.status_code == 200, response.content
    after = response.json()
    assert [p["name"] for p in after["positions"]] == ["Produkt A1"]
    # Left: 2 × 100.00 net at 23% = 200.00 net, 46.00 tax, 246.00 gross.
    assert _totals(after) == ("200.00", "46.00", "246.00")
    assert not InvoicePosition.objects.filter(pk=second["id"]).exists()


def test_the_reference_example_appends_a_position_without_id_as_the_last(client, owner):
    before = _create(client, owner)
    appended = {"name": "Produkt A1", "tax": 23, "total_price_gross": 10.23, "quantity": 1}
    response = _update(client, owner, before["id"], {"positions": [appended]})
    assert response.status_code == 200, response.content
    after = response.json()
    assert [p["name"] for p in after["positions"]] == ["Produkt A1", "Produkt A2", "Produkt A1"]
    new = after["positions"][2]
    # Gross 10.23 at 23%: net round(10.23 / 1.23) = round(8.3170…) = 8.32, tax 1.91.
    assert (new["total_price_net"], new["total_price_tax"], new["total_price_gross"]) == (
        "8.32",
        "1.91",
        "10.23",
    )
    # 246.00 + 54.00 (the two lines kept) + 10.23 gross; 200.00 + 50.00 + 8.32 net.
    assert _totals(after) == ("258.32", "51.91", "310.23")


def test_totals_after_a_change_an_append_and_a_deletion_in_one_request(client, owner):
    before = _create(client, owner)
    first, second = before["positions"]
    # Before: 2 × 100.00 at 23% (200.00 + 46.00) and 1 × 50.00 at 8% (50.00 + 4.00):
    # 250.00 net, 50.00 tax, 300.00 gross.
    assert _totals(before) == ("250.00", "50.00", "300.00")
    response = _update(
        client,
        owner,
        before["id"],
        {
            "positions": [
                {"id": first["id"], "quantity": 3},
                {"id": second["id"], "_destroy": "1"},
                {"name": "Dostawa", "tax": "23", "price_gross": "12,30", "quantity": 2},
            ]
        },
    )
    assert response.status_code == 200, response.content
    after = response.json()
    # Line 1 keeps its unit net 100.00: 3 × 100.00 = 300.00 net, tax 69.00, gross 369.00.
    # New line: gross 2 × 12.30 = 24.60, net round(24.60 / 1.23) = 20.00, tax 4.60.
    # Totals: 320.00 net, 73.60 tax, 393.60 gross.
    assert [
        (p["name"], p["quantity"], p["total_price_net"], p["total_price_gross"])
        for p in after["positions"]
    ] == [("Produkt A1", "3.0", "300.00", "369.00"), ("Dostawa", "2.0", "20.00", "24.60")]
    assert _totals(after) == ("320.00", "73.60", "393.60")
    assert after["positions"][0]["id"] == first["id"]
    assert _totals(_show(client, owner, before["id"])) == ("320.00", "73.60", "393.60")


def test_a_new_sum_strategy_recomputes_the_totals_from_the_same_lines(client, owner):
    line = {"name": "Produkt", "tax": 23, "total_price_gross": "10.23", "quantity": 1}
    before = _create(client, owner, {**EXAMPLE, "positions": [line, line]})
    # Each line: net 8.32, tax 1.91. "sum": 16.64 net, 3.82 tax, 20.46 gross.
    assert _totals(before) == ("16.64", "3.82", "20.46")
    response = _update(client, owner, before["id"], {"calculating_strategy": {"sum": "keep_net"}})
    assert response.status_code == 200, response.content
    after = response.json()
    # "keep_net": tax from the sum of nets, round(16.64 × 0.23) = round(3.8272) = 3.83.
    assert _totals(after) == ("16.64", "3.83", "20.47")
    assert after["calculating_strategy"] == {
        "position": "default",
        "sum": "keep_net",
        "invoice_form_price_kind": "net",
    }
    assert [p["total_price_gross"] for p in after["positions"]] == ["10.23", "10.23"]


def test_a_discount_given_on_update_is_taken_from_the_kept_list_price(client, owner):
    before = _create(client, owner)
    first = before["positions"][0]
    changes = {
        "show_discount": True,
        "discount_kind": "percent_unit",
        "positions": [{"id": first["id"], "discount_percent": 10}],
    }
    after = _update(client, owner, before["id"], changes).json()
    line = after["positions"][0]
    # 2 × (100.00 − 10% = 90.00) = 180.00 net, 41.40 tax, 221.40 gross; the unit
    # price shown stays the list price. With the second line (50.00 + 4.00):
    # 230.00 net, 45.40 tax, 275.40 gross.
    assert (line["price_net"], line["discount_percent"], line["total_price_gross"]) == (
        "100.00",
        "10",
        "221.40",
    )
    assert _totals(after) == ("230.00", "45.40", "275.40")
    # Saving it again takes the discount once, not twice.
    again = _update(client, owner, before["id"], {"positions": [{"id": first["id"]}]}).json()
    assert _totals(again) == ("230.00", "45.40", "275.40")


def test_a_new_price_replaces_the_stored_ones_on_either_side(client, owner):
    before = _create(client, owner)
    first = before["positions"][0]
    after = _update(
        client, owner, before["id"], {"positions": [{"id": first["id"], "price_gross": 246}]}
    ).json()
    line = after["positions"][0]
    # 2 × 246.00 gross = 492.00; net round(492.00 / 1.23) = 400.00; unit net 200.00.
    assert (line["price_net"], line["price_gross"], line["total_price_net"]) == (
        "200.00",
        "246.00",
        "400.00",
    )


def test_a_new_tax_keeps_the_net_unit_price_under_the_default_strategy(client, owner):
    before = _create(client, owner)
    first = before["positions"][0]
    after = _update(
        client, owner, before["id"], {"positions": [{"id": first["id"], "tax": "zw"}]}
    ).json()
    line = after["positions"][0]
    assert (line["tax"], line["total_price_net"], line["total_price_gross"]) == (
        "zw",
        "200.00",
        "200.00",
    )


def test_a_position_id_of_another_invoice_is_refused_and_nothing_changes(
    client, owner, other_owner
):
    mine = _create(client, owner)
    other = _create(client, owner)
    foreign = _create(client, other_owner)
    for position_id in (other["positions"][0]["id"], foreign["positions"][0]["id"], 999999):
        response = _update(
            client,
            owner,
            mine["id"],
            {
                "buyer_name": "Zmieniony",
                "positions": [{"name": "Nowa", "price_net": 1}, {"id": position_id, "name": "X"}],
            },
        )
        assert list(_errors(response)) == ["positions.1.id"]
    assert _show(client, owner, mine["id"]) == mine
    assert InvoicePosition.objects.get(pk=foreign["positions"][0]["id"]).name == "Produkt A1"


def test_a_position_named_twice_is_refused(client, owner):
    before = _create(client, owner)
    first = before["positions"][0]["id"]
    response = _update(
        client, owner, before["id"], {"positions": [{"id": first, "quantity": 2}, {"id": first}]}
    )
    assert list(_errors(response)) == ["positions.1.id"]


def test_destroy_without_an_id_is_skipped(client, owner):
    before = _create(client, owner)
    response = _update(client, owner, before["id"], {"positions": [{"name": "X", "_destroy": 1}]})
    assert response.status_code == 200, response.content
    assert [p["name"] for p in response.json()["positions"]] == ["Produkt A1", "Produkt A2"]


def test_the_last_position_cannot_be_deleted(client, owner):
    before = _create(client, owner)
    response = _update(
        client,
        owner,
        before["id"],
        {"positions": [{"id": p["id"], "_destroy": True} for p in before["positions"]]},
    )
    assert list(_errors(response)) == ["positions"]
    assert InvoicePosition.objects.filter(invoice_id=before["id"]).count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"status": "nonsense"}, "status"),
        ({"issue_date": "2026-13-01"}, "issue_date"),
        ({"sell_date": "2026-13"}, "sell_date"),
        ({"payment_to_kind": "soon"}, "payment_to_kind"),
        ({"payment_to_kind": "99999999999"}, "payment_to_kind"),
        ({"payment_to_kind": "other_date", "payment_to": None}, "payment_to"),
        ({"buyer_name": ""}, "buyer_name"),
        ({"buyer_name": "x" * 256}, "buyer_name"),
        ({"client_id": 999999}, "client_id"),
        ({"department_id": 999999}, "department_id"),
        ({"category_id": 999999}, "category_id"),
        ({"paid": "1e20"}, "paid"),
        ({"positions": [{"name": "X", "tax": "abc", "price_net": 1}]}, "positions.0.tax"),
        ({"positions": [{"name": "X", "price_net": 1, "quantity": -1}]}, "positions.0.quantity"),
        (
            {"positions": [{"name": "X", "price_net": 1, "quantity": "0.00001"}]},
            "positions.0.quantity",
        ),
        ({"positions": [{"name": "X", "price_net": "1e17"}]}, "positions.0.price_net"),
        ({"positions": [{"name": "X", "price_net": "1e999"}]}, "positions.0.price_net"),
        (
            {"positions": [{"name": "X", "price_net": 1, "discount": "1e40"}]},
            "positions.0.discount",
        ),
        (
            {"positions": [{"name": "X", "price_net": "9" * 15, "quantity": "9" * 14}]},
            "positions.0.total_price_net",
        ),
        ({"positions": [{"name": "X", "price_net": "9" * 15}] * 11}, "positions"),
        ({"paid": "1e999"}, "paid"),
        ({"skonto_discount_value": "5000"}, "skonto_discount_value"),
        ({"exchange_currency_rate": "0.1234567"}, "exchange_currency_rate"),
        ({"positions": [{"product_id": 999999}]}, "positions.0.product_id"),
        ({"positions": [{"tax": 23, "price_net": 1}]}, "positions.0.name"),
        ({"positions": [{"name": "X"}]}, "positions.0.price_net"),
        ({"positions": [{"id": "abc"}]}, "positions.0.id"),
    ],
)
def test_bad_fields_are_refused_naming_them_and_nothing_is_written(client, owner, change, field):
    before = _create(client, owner)
    clients = Client.objects.count()
    errors = _errors(_update(client, owner, before["id"], {"place": "Gdzieś", **change}))
    assert field in errors
    assert _show(client, owner, before["id"]) == before
    assert Client.objects.count() == clients


def test_bad_values_of_a_named_position_are_refused_under_its_place(client, owner):
    before = _create(client, owner)
    second = before["positions"][1]["id"]
    response = _update(
        client, owner, before["id"], {"positions": [{"id": second, "quantity": "-2"}]}
    )
    assert list(_errors(response)) == ["positions.0.quantity"]


def test_a_cancelled_invoice_cannot_be_changed(client, owner):
    before = _create(client, owner)
    cancel = {"api_token": owner.api_token, "cancel_invoice_id": before["id"]}
    client.post("/invoices/cancel.json", data=json.dumps(cancel), content_type="application/json")
    response = _update(client, owner, before["id"], {"buyer_name": "Inny"})
    assert list(_errors(response)) == ["cancelled"]
    assert Invoice.objects.get(pk=before["id"]).buyer_name == "Klient1 Sp. z o.o."


@pytest.mark.parametrize("method", ["put", "patch"])
def test_another_accounts_invoice_is_not_found_and_stays_as_it_was(
    client, owner, other_owner, method
):
    theirs = _create(client, other_owner)
    response = _update(client, owner, theirs["id"], {"buyer_name": "Przejęte"}, method=method)
    assert response.status_code == 404
    assert _show(client, other_owner, theirs["id"]) == theirs
    missing = _update(client, owner, 999999, {"buyer_name": "Nikt"}, method=method)
    assert missing.status_code == 404


def test_another_accounts_client_is_refused_and_not_linked(client, owner, other_owner):
    before = _create(client, owner)
    foreign = Client.objects.create(account=other_owner.account, name="Obcy")
    response = _update(client, owner, before["id"], {"client_id": foreign.pk})
    assert list(_errors(response)) == ["client_id"]
    assert Invoice.objects.get(pk=before["id"]).client_id == before["client_id"]


def test_a_client_id_takes_that_clients_data_as_the_buyer(client, owner):
    before = _create(client, owner)
    buyer = Client.objects.create(
        account=owner.account, name="Nowy Kupiec", city="Gdańsk", tax_no="6272616681"
    )
    after = _update(client, owner, before["id"], {"client_id": buyer.pk, "buyer_city": "Ignored"})
    body = after.json()
    assert (body["client_id"], body["buyer_name"], body["buyer_city"], body["buyer_tax_no"]) == (
        buyer.pk,
        "Nowy Kupiec",
        "Gdańsk",
        "6272616681",
    )
    overridden = _update(
        client,
        owner,
        before["id"],
        {"client_id": buyer.pk, "buyer_city": "Sopot", "buyer_override": True},
    ).json()
    assert (overridden["buyer_name"], overridden["buyer_city"]) == ("Nowy Kupiec", "Sopot")


def test_client_id_minus_one_finds_or_creates_the_client_of_the_buyer_data(client, owner):
    before = _create(client, owner)
    after = _update(
        client,
        owner,
        before["id"],
        {"client_id": -1, "buyer_name": "Nowa Firma", "buyer_tax_no": ""},
    ).json()
    made = Client.objects.get(pk=after["client_id"])
    assert (made.name, after["buyer_name"]) == ("Nowa Firma", "Nowa Firma")
    assert made.pk != before["client_id"]


def test_a_department_id_takes_its_data_as_the_seller_and_prints_its_bank_accounts(client, owner):
    before = _create(client, owner)
    branch = Department.objects.create(
        account=owner.account, name="Oddział Kraków", tax_no="6762461659", city="Kraków"
    )
    bank = BankAccount.objects.create(
        account=owner.account,
        bank_name="mBank",
        bank_account_number="PL61 1090 1014 0000 0712 1981 2874",
        number_normalized="PL61109010140000071219812874",
    )
    BankAccountDepartment.objects.create(
        account=owner.account, bank_account=bank, department=branch, show_on_invoice=True
    )
    after = _update(client, owner, before["id"], {"department_id": branch.pk}).json()
    assert (after["department_id"], after["seller_name"], after["seller_city"]) == (
        branch.pk,
        "Oddział Kraków",
        "Kraków",
    )
    assert [b["bank_account_number"] for b in after["bank_accounts"]] == [
        "PL61 1090 1014 0000 0712 1981 2874"
    ]
    # The number stays: a new department moves no invoice to another series.
    assert after["number"] == before["number"]


def test_empty_values_clear_fields_that_may_be_empty(client, owner):
    before = _create(client, owner, {**EXAMPLE, "description": "Uwagi", "paid_date": "2026-11-21"})
    after = _update(
        client,
        owner,
        before["id"],
        {"description": None, "paid_date": "", "buyer_email": "", "currency": None, "income": None},
    ).json()
    assert (after["description"], after["paid_date"], after["buyer_email"]) == ("", None, "")
    # The currency and flags cannot be empty: they keep their values.
    assert (after["currency"], after["income"]) == ("PLN", True)


def test_status_paid_records_the_amount_due_and_the_day(client, owner):
    before = _create(client, owner)
    after = _update(client, owner, before["id"], {"status": "paid"}).json()
    assert (after["status"], after["paid"], after["paid_date"]) == (
        "paid",
        "300.00",
        timezone.localdate().isoformat(),
    )
    partial = _update(
        client,
        owner,
        before["id"],
        {"status": "partial", "paid": "100,50", "paid_date": "2026-11-25"},
    ).json()
    assert (partial["status"], partial["paid"], partial["paid_date"]) == (
        "partial",
        "100.50",
        "2026-11-25",
    )


def test_a_new_issue_date_moves_a_term_given_in_days_but_not_a_date(client, owner):
    in_days = _create(client, owner, {**EXAMPLE, "payment_to": None, "payment_to_kind": 14})
    assert in_days["payment_to"] == "2026-12-04"
    moved = _update(client, owner, in_days["id"], {"issue_date": "2026-11-25"}).json()
    assert (moved["payment_to"], moved["payment_to_kind"]) == ("2026-12-09", "14")
    dated = _create(client, owner)
    kept = _update(client, owner, dated["id"], {"issue_date": "2026-11-25"}).json()
    assert kept["payment_to"] == "2026-11-27"
    term = _update(client, owner, dated["id"], {"payment_to": "2026-12-31"}).json()
    assert (term["payment_to"], term["payment_to_kind"]) == ("2026-12-31", "other_date")
    off = _update(client, owner, dated["id"], {"payment_to_kind": "off"}).json()
    assert (off["payment_to"], off["payment_to_kind"]) == (None, "off")


def test_sell_date_may_become_a_month(client, owner):
    before = _create(client, owner)
    after = _update(client, owner, before["id"], {"sell_date": "2026-10"}).json()
    assert after["sell_date"] == "2026-10"
    back = _update(client, owner, before["id"], {"sell_date": "2026-11-02"}).json()
    assert back["sell_date"] == "2026-11-02"


def test_the_number_stays_when_the_kind_or_date_changes(client, owner):
    before = _create(client, owner)
    after = _update(
        client, owner, before["id"], {"kind": "proforma", "issue_date": "2026-12-02"}
    ).json()
    assert (after["kind"], after["number"], after["issue_date"]) == (
        "proforma",
        "1/11/2026",
        "2026-12-02",
    )
    # It no longer counts in December's series: deleting it frees no December number.
    assert after["pattern_nr_m"] is None
    december = _create(client, owner, {**EXAMPLE, "issue_date": "2026-12-03"})
    assert december["number"] == "1/12/2026"
    client.delete(f"/invoices/{before['id']}.json?api_token={owner.api_token}")
    assert _create(client, owner, {**EXAMPLE, "issue_date": "2026-12-04"})["number"] == "2/12/2026"


def test_a_new_number_must_be_free_and_the_old_last_one_is_freed(client, owner):
    first = _create(client, owner)
    second = _create(client, owner)
    assert (first["number"], second["number"]) == ("1/11/2026", "2/11/2026")
    taken = _update(client, owner, second["id"], {"number": "1/11/2026"})
    assert list(_errors(taken)) == ["number"]
    renamed = _update(client, owner, second["id"], {"number": "FV-SPECIAL"}).json()
    assert renamed["number"] == "FV-SPECIAL"
    # "2/11/2026" was the last of the series: the next invoice takes it again.
    assert _create(client, owner)["number"] == "2/11/2026"
    same = _update(client, owner, first["id"], {"number": "1/11/2026", "place": "Łódź"})
    assert same.status_code == 200, same.content


def test_an_explicit_number_of_the_pattern_moves_the_counter_past_it(client, owner):
    before = _create(client, owner)
    _update(client, owner, before["id"], {"number": "7/11/2026"})
    assert _create(client, owner)["number"] == "8/11/2026"


def test_oid_unique_refuses_the_oid_of_another_invoice(client, owner):
    _create(client, owner, {**EXAMPLE, "oid": "zamowienie1"})
    mine = _create(client, owner)
    response = _update(client, owner, mine["id"], {"oid": "zamowienie1", "oid_unique": "yes"})
    assert list(_errors(response)) == ["oid"]
    own = _update(client, owner, mine["id"], {"oid": "zamowienie2", "oid_unique": "yes"})
    assert own.status_code == 200
    again = _update(client, owner, mine["id"], {"oid": "zamowienie2", "oid_unique": "yes"})
    assert again.status_code == 200


def test_a_product_id_on_a_position_takes_the_new_products_name_and_price(client, owner):
    kawa = Product.objects.create(
        account=owner.account, name="Kawa", price_gross="12.30", price_net="10.00", tax="23"
    )
    before = _create(client, owner)
    first = before["positions"][0]
    after = _update(
        client, owner, before["id"], {"positions": [{"id": first["id"], "product_id": kawa.pk}]}
    ).json()
    line = after["positions"][0]
    # Kawa: 12.30 gross at 23%, quantity 2 kept: 24.60 gross, 20.00 net.
    assert (line["name"], line["product_id"], line["quantity"], line["total_price_gross"]) == (
        "Kawa",
        kawa.pk,
        "2.0",
        "24.60",
    )


def test_an_invoice_is_changed_with_an_xml_body_and_answered_in_xml(client, owner):
    before = _create(client, owner)
    first, second = before["positions"]
    xml = (
        "<invoice><buyer_name>Klient XML</buyer_name><positions>"
        f"<position><id>{first['id']}</id><quantity>1</quantity></position>"
        f"<position><id>{second['id']}</id><_destroy>1</_destroy></position>"
        "</positions></invoice>"
    )
    response = client.put(
        f"/invoices/{before['id']}.xml?api_token={owner.api_token}",
        data=xml.encode(),
        content_type="application/xml",
    )
    assert response.status_code == 200, response.content
    text = response.content.decode()
    assert "<buyer_name>Klient XML</buyer_name>" in text
    # One line left: 1 × 100.00 net at 23% = 123.00 gross.
    assert "<price_gross>123.00</price_gross>" in text
    assert _totals(_show(client, owner, before["id"])) == ("100.00", "23.00", "123.00")


def test_an_invoice_is_changed_with_rails_form_params(client, owner):
    before = _create(client, owner)
    first = before["positions"][0]
    form = urlencode(
        [
            ("api_token", owner.api_token),
            ("invoice[buyer_name]", "Klient Formularz"),
            ("invoice[positions][][id]", str(first["id"])),
            ("invoice[positions][][quantity]", "5"),
        ]
    )
    response = client.put(
        f"/invoices/{before['id']}.json",
        data=form,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["buyer_name"] == "Klient Formularz"
    # 5 × 100.00 net at 23% = 615.00 gross, plus the 54.00 of the second line.
    assert (body["positions"][0]["quantity"], body["price_gross"]) == ("5.0", "669.00")


def test_the_invoice_shows_the_change_time(client, owner):
    before = _create(client, owner)
    after = _update(client, owner, before["id"], {"place": "Poznań"}).json()
    assert dt.datetime.fromisoformat(after["updated_at"]) >= dt.datetime.fromisoformat(
        before["updated_at"]
    )
    assert after["created_at"] == before["created_at"]
