"""Invoices issue stock through a WZ they keep up to date; changes and deletions move it back."""

import json
from decimal import Decimal

import pytest
from django.db import transaction

from faktura.catalog.models import Product
from faktura.invoicing.models import Invoice
from faktura.warehouse.models import Warehouse, WarehouseDocument
from faktura.warehouse.services.stock import Move, stock_apply, stock_of

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def shop(owner):
    main = Warehouse.objects.create(account=owner.account, name="Główny", main=True)
    shop = Warehouse.objects.create(account=owner.account, name="Sklep")
    bolt = Product.objects.create(
        account=owner.account, name="Śruba", limited=True, price_gross=D("1.23")
    )
    fitting = Product.objects.create(account=owner.account, name="Montaż", service=True)
    with transaction.atomic():
        stock_apply(
            account=owner.account,
            moves=[Move(main.pk, bolt.pk, D(10)), Move(shop.pk, bolt.pk, D(4))],
        )
    return {"main": main, "shop": shop, "bolt": bolt, "fitting": fitting}


def _send(client, owner, method: str, path: str, invoice: dict):
    body = {"api_token": owner.api_token, "invoice": invoice}
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def _issue(client, owner, shop, quantity, **fields):
    invoice = {
        "buyer_name": "Klient1",
        "positions": [
            {"product_id": shop["bolt"].pk, "quantity": quantity},
            {"product_id": shop["fitting"].pk, "quantity": 1, "price_net": 50},
        ],
        **fields,
    }
    return _send(client, owner, "post", "/invoices.json", invoice)


def _level(owner, warehouse, product) -> Decimal:
    return stock_of(account=owner.account, warehouse_id=warehouse.pk, product_ids=[product.pk])[
        product.pk
    ]


def _wz(invoice_id: int) -> WarehouseDocument | None:
    return WarehouseDocument.objects.filter(source_invoice_id=invoice_id).first()


def test_an_invoice_issues_its_goods_and_keeps_its_wz_up_to_date(client, owner, shop):
    created = _issue(client, owner, shop, 3)
    assert created.status_code == 201, created.content
    invoice_id = created.json()["id"]
    assert _level(owner, shop["main"], shop["bolt"]) == D(7)
    wz = _wz(invoice_id)
    assert wz.kind == "wz"
    assert created.json()["warehouse_document_id"] == wz.pk
    shown = client.get(f"/invoices/{invoice_id}.json", {"api_token": owner.api_token}).json()
    assert shown["warehouse_document_id"] == wz.pk
    assert list(wz.invoices.values_list("pk", flat=True)) == [invoice_id]
    # The service is no stock: one action, for the bolts.
    assert [(a.product_id, a.quantity) for a in wz.actions.all()] == [(shop["bolt"].pk, D(-3))]

    position = created.json()["positions"][0]
    changed = _send(
        client,
        owner,
        "put",
        f"/invoices/{invoice_id}.json",
        {"positions": [{"id": position["id"], "quantity": 5}]},
    )
    assert changed.status_code == 200, changed.content
    assert _level(owner, shop["main"], shop["bolt"]) == D(5)
    assert _wz(invoice_id).number == wz.number

    excluded = _send(
        client, owner, "put", f"/invoices/{invoice_id}.json", {"exclude_from_stock_level": True}
    )
    assert excluded.status_code == 200, excluded.content
    assert _level(owner, shop["main"], shop["bolt"]) == D(10)
    assert _wz(invoice_id) is None
    assert excluded.json()["warehouse_document_id"] is None


def test_an_invoice_issues_from_its_warehouse(client, owner, shop):
    created = _issue(client, owner, shop, 4, warehouse_id=shop["shop"].pk)
    assert created.status_code == 201, created.content
    assert (
        _level(owner, shop["main"], shop["bolt"]),
        _level(owner, shop["shop"], shop["bolt"]),
    ) == (
        D(10),
        D(0),
    )


def test_an_invoice_beyond_stock_is_refused_and_takes_no_number(client, owner, shop):
    refused = _issue(client, owner, shop, 11)
    assert refused.status_code == 422, refused.content
    assert refused.json()["message"] == {"positions": ["Śruba: dostępne 10, żądane 11"]}
    assert not Invoice.objects.exists()
    assert _issue(client, owner, shop, 1).json()["number"].startswith("1/")


@pytest.mark.parametrize(
    "fields", [{"exclude_from_stock_level": True}, {"kind": "proforma"}, {"income": "0"}]
)
def test_invoices_that_move_no_stock(client, owner, shop, fields):
    created = _issue(client, owner, shop, 3, **fields)
    assert created.status_code == 201, created.content
    assert _level(owner, shop["main"], shop["bolt"]) == D(10)
    assert _wz(created.json()["id"]) is None


def test_deleting_or_cancelling_an_invoice_brings_its_goods_back(client, owner, shop):
    first = _issue(client, owner, shop, 2).json()
    second = _issue(client, owner, shop, 3).json()
    assert _level(owner, shop["main"], shop["bolt"]) == D(5)
    deleted = client.delete(f"/invoices/{first['id']}.json?api_token={owner.api_token}")
    assert deleted.status_code == 200
    assert _level(owner, shop["main"], shop["bolt"]) == D(7)
    body = {"api_token": owner.api_token, "cancel_invoice_id": second["id"]}
    cancelled = client.post(
        "/invoices/cancel.json", data=json.dumps(body), content_type="application/json"
    )
    assert cancelled.status_code == 200, cancelled.content
    assert _level(owner, shop["main"], shop["bolt"]) == D(10)
    assert not WarehouseDocument.objects.filter(kind="wz").exists()


def test_another_accounts_warehouse_is_refused(client, owner, other_owner, shop):
    foreign = Warehouse.objects.create(account=other_owner.account, name="Obcy")
    refused = _issue(client, owner, shop, 1, warehouse_id=foreign.pk)
    assert refused.status_code == 422
    assert "warehouse_id" in refused.json()["message"]
