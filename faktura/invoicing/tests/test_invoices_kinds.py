"""Every document kind is issued, numbered in its own series, and read back; expenses too.

The line used: net 100.00 at 23% → tax 23.00, gross 123.00.
"""

import datetime as dt
import json

import pytest

from faktura.invoicing.api.output import NO_TAX_KINDS
from faktura.invoicing.models import Invoice
from faktura.invoicing.numbering import Pattern, default_pattern
from faktura.invoicing.services.create import KINDS
from faktura.invoicing.tests.test_numbering import KINDS as REFERENCE_KINDS

pytestmark = pytest.mark.django_db

ISSUED = dt.date(2026, 11, 22)
LINE = {"name": "Usługa", "tax": 23, "price_net": "100", "quantity": 1}


def _post(client, owner, invoice: dict):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return client.post("/invoices.json", data=json.dumps(body), content_type="application/json")


def _issue(client, owner, kind: str, **fields) -> dict:
    invoice = {
        "kind": kind,
        "issue_date": ISSUED.isoformat(),
        "buyer_name": "Klient1 sp. z o.o.",
        "positions": [LINE],
        **fields,
    }
    response = _post(client, owner, invoice)
    assert response.status_code == 201, response.content
    return response.json()


def test_every_kind_of_the_reference_is_known():
    # The reference's list, as test_numbering spells it out.
    assert list(KINDS) == REFERENCE_KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_issued_numbered_and_read_back(client, owner, kind):
    body = _issue(client, owner, kind)
    assert body["kind"] == kind
    assert body["number"] == Pattern.parse(default_pattern(kind)).format(1, ISSUED)
    assert (body["price_net"], body["price_tax"], body["price_gross"]) == (
        "100.00",
        "23.00",
        "123.00",
    )
    assert body["tax_visible?"] is (kind not in NO_TAX_KINDS)
    shown = client.get(f"/invoices/{body['id']}.json", {"api_token": owner.api_token}).json()
    assert (shown["kind"], shown["number"], shown["price_gross"]) == (
        kind,
        body["number"],
        "123.00",
    )
    listed = client.get(
        "/invoices.json", {"api_token": owner.api_token, "kind": kind, "period": "all"}
    ).json()
    assert [row["id"] for row in listed] == [body["id"]]


def test_kinds_number_in_their_own_series(client, owner):
    numbers = [
        _issue(client, owner, kind)["number"] for kind in ("vat", "proforma", "vat", "proforma")
    ]
    assert numbers == ["1/11/2026", "P1/11/2026", "2/11/2026", "P2/11/2026"]


def test_an_expense_keeps_its_sellers_number_and_takes_none_of_the_sales_series(client, owner):
    # For an expense the reference swaps the printed roles: seller_* (the account's
    # own company) is printed as the buyer, buyer_* (the supplier) as the seller.
    first = _issue(client, owner, "vat", income="0", number="FV/123/2026", buyer_name="Dostawca A")
    # Another supplier may use the same number.
    second = _issue(client, owner, "vat", income="0", number="FV/123/2026", buyer_name="Dostawca B")
    unnumbered = _issue(client, owner, "vat", income="0", buyer_name="Dostawca C")
    assert (first["income"], first["number"], second["number"]) == (
        False,
        "FV/123/2026",
        "FV/123/2026",
    )
    assert unnumbered["number"] == ""
    # The sales series is untouched: the first sales invoice is number 1.
    assert _issue(client, owner, "vat")["number"] == "1/11/2026"
    expenses = client.get(
        "/invoices.json", {"api_token": owner.api_token, "income": "no", "period": "all"}
    ).json()
    assert {row["id"] for row in expenses} == {first["id"], second["id"], unnumbered["id"]}
    sales = client.get("/invoices.json", {"api_token": owner.api_token, "period": "all"}).json()
    assert all(row["income"] for row in sales)
    assert Invoice.objects.filter(account=owner.account, income=False).count() == 3


def test_an_unknown_kind_is_refused(client, owner):
    response = _post(client, owner, {"kind": "invoice", "buyer_name": "X", "positions": [LINE]})
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["kind"]
