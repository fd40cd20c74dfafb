"""POST /invoices.json answers with the invoice exactly as GET /invoices/{id}.json shows it.

The create view renders the invoice the service holds in memory (with the rows
it has just written) instead of reading it back; these tests pin that both
bodies are the same, byte for byte, for invoices that use every stored kind
of value.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faktura.catalog.models import BankAccount, BankAccountDepartment

pytestmark = pytest.mark.django_db

RICH_INVOICE = {
    "kind": "vat",
    "sell_date": "2026-11",
    "issue_date": "2026-11-20",
    "payment_to_kind": "14",
    "buyer_name": "Klient SA",
    "buyer_tax_no": "5252445767",
    "currency": "EUR",
    "exchange_currency": "PLN",
    "exchange_currency_rate": "4.2500",
    "paid": "10,5",
    "status": "partial",
    "skonto_active": True,
    "skonto_discount_value": "2.50",
    "show_discount": True,
    "discount_kind": "percent_unit",
    "gtu_codes": ["GTU_01"],
    "calculating_strategy": {"position": "keep_gross"},
    "descriptions": [{"kind": "Uwaga", "content": "Pierwsza"}, {"content": "Druga"}],
    "settlement_positions": [
        {"kind": "charge", "amount": "10", "reason": "Transport"},
        {"kind": "deduction", "amount": 2.5},
    ],
    "positions": [
        {
            "name": "Usługa",
            "tax": "23",
            "price_net": "100",
            "quantity": "1.125",
            "quantity_unit": "h",
            "discount_percent": "12.5",
        },
        {"name": "Towar", "tax": "zw", "total_price_gross": 50, "quantity": 3, "code": "T-1"},
    ],
}


def _post(client, owner, invoice: dict):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return client.post("/invoices.json", data=json.dumps(body), content_type="application/json")


def _show(client, owner, id: int):
    return client.get(f"/invoices/{id}.json", {"api_token": owner.api_token})


@pytest.mark.parametrize(
    "invoice",
    [
        RICH_INVOICE,
        {
            **RICH_INVOICE,
            "recipients": [{"name": "Odbiorca", "participation": "10"}, {"last_name": "Nowak"}],
            "issuers": [{"name": "Faktor SA", "role": "Faktor"}],
        },
        {"buyer_name": "Minimal", "positions": [{"name": "A", "tax": 8, "price_gross": "1,23"}]},
    ],
)
def test_the_create_response_is_the_stored_invoice(client, owner, invoice):
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
    created = _post(client, owner, invoice)
    assert created.status_code == 201, created.content
    shown = _show(client, owner, created.json()["id"])
    assert shown.status_code == 200
    assert created.content == shown.content
    assert created["Content-Type"] == shown["Content-Type"]


def test_the_create_response_reads_nothing_back(client, owner):
    _post(client, owner, RICH_INVOICE)  # the buyer becomes a client
    with CaptureQueriesContext(connection) as queries:
        created = _post(client, owner, RICH_INVOICE)
    assert created.status_code == 201, created.content
    reads = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
        and ('FROM "invoicing_invoice' in query["sql"] or "invoicing_settlement" in query["sql"])
    ]
    assert reads == []


def test_a_corrections_create_response_is_the_stored_correction(client, owner):
    corrected = _post(client, owner, RICH_INVOICE).json()
    side = {"name": "Usługa", "tax": "23", "price_net": "100"}
    correction = {
        "kind": "correction",
        "invoice_id": corrected["id"],
        "positions": [
            {
                "correction_before_attributes": {**side, "quantity": 2},
                "correction_after_attributes": {**side, "quantity": 1},
            }
        ],
    }
    created = _post(client, owner, correction)
    assert created.status_code == 201, created.content
    assert created.content == _show(client, owner, created.json()["id"]).content
