"""/warehouse_documents.json: PZ → WZ → MM → delete, with stock checked after each step."""

import json
from decimal import Decimal

import pytest

from faktura.catalog.models import Client, Product
from faktura.warehouse.models import Warehouse, WarehouseAction, WarehouseDocument
from faktura.warehouse.services.stock import stock_of

pytestmark = pytest.mark.django_db
D = Decimal


def _post(client, owner, document: dict):
    body = {"api_token": owner.api_token, "warehouse_document": document}
    return client.post(
        "/warehouse_documents.json", data=json.dumps(body), content_type="application/json"
    )


def _put(client, owner, pk: int, document: dict):
    body = {"api_token": owner.api_token, "warehouse_document": document}
    return client.put(
        f"/warehouse_documents/{pk}.json", data=json.dumps(body), content_type="application/json"
    )


def _created(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def _errors(response) -> dict:
    assert response.status_code == 422, response.content
    return response.json()["message"]


@pytest.fixture
def warehouses(owner):
    main = Warehouse.objects.create(account=owner.account, name="Główny", main=True)
    other = Warehouse.objects.create(account=owner.account, name="Sklep")
    return main, other


def _stock(owner, warehouse, product) -> Decimal:
    return stock_of(account=owner.account, warehouse_id=warehouse.pk, product_ids=[product.pk])[
        product.pk
    ]


def test_pz_wz_mm_invoice_and_deletes_keep_stock_right(client, owner, warehouses):
    main, shop = warehouses
    # PZ as the reference's example: products by name, made when missing.
    pz = _created(
        _post(
            client,
            owner,
            {
                "kind": "pz",
                "number": None,
                "warehouse_id": str(main.pk),
                "issue_date": "2026-11-22",
                "department_name": "Department1 SA",
                "client_name": "Client1 SA",
                "warehouse_actions": [
                    {
                        "product_name": "Produkt A1",
                        "purchase_tax": 23,
                        "purchase_price_net": 10.23,
                        "quantity": 5,
                    },
                    {
                        "product_name": "Produkt A2",
                        "purchase_tax": 0,
                        "purchase_price_net": 50,
                        "quantity": 2,
                    },
                ],
            },
        )
    )
    a1 = Product.objects.get(account=owner.account, name="Produkt A1")
    a2 = Product.objects.get(account=owner.account, name="Produkt A2")
    assert pz["number"] == "PZ/1/11/2026"
    assert pz["client_name"] == "Client1 SA"
    assert Client.objects.filter(account=owner.account, name="Client1 SA").exists()
    # Purchase: 5 × 10.23 = 51.15 net, gross 5 × 12.58 = 62.90; 2 × 50.00 at 0%.
    assert (pz["purchase_price_net"], pz["purchase_price_gross"]) == ("151.15", "162.90")
    assert [(a["product_name"], a["quantity"]) for a in pz["warehouse_actions"]] == [
        ("Produkt A1", "5.0"),
        ("Produkt A2", "2.0"),
    ]
    assert (_stock(owner, main, a1), _stock(owner, main, a2)) == (D(5), D(2))

    wz = _created(
        _post(
            client,
            owner,
            {
                "kind": "wz",
                "warehouse_id": main.pk,
                "warehouse_actions": [
                    {"product_id": a1.pk, "tax": 23, "price_net": 20, "quantity": 2}
                ],
            },
        )
    )
    assert (wz["price_net"], wz["price_gross"]) == ("40.00", "49.20")
    assert _stock(owner, main, a1) == D(3)

    mm = _created(
        _post(
            client,
            owner,
            {
                "kind": "mm",
                "warehouse_id": main.pk,
                "warehouse_actions": [
                    {"product_id": a1.pk, "quantity": "1.5", "warehouse2_id": shop.pk}
                ],
            },
        )
    )
    assert (_stock(owner, main, a1), _stock(owner, shop, a1)) == (D("1.5"), D("1.5"))
    assert sorted(a["quantity"] for a in mm["warehouse_actions"]) == ["-1.5", "1.5"]

    # An invoice sold from the shop issues there, and its deletion brings the goods back.
    body = {
        "api_token": owner.api_token,
        "invoice": {
            "buyer_name": "Klient1",
            "warehouse_id": shop.pk,
            "positions": [{"product_id": a1.pk, "quantity": 1, "price_net": 20}],
        },
    }
    sold = client.post("/invoices.json", data=json.dumps(body), content_type="application/json")
    assert sold.status_code == 201, sold.content
    assert (_stock(owner, main, a1), _stock(owner, shop, a1)) == (D("1.5"), D("0.5"))
    response = client.delete(f"/invoices/{sold.json()['id']}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert (_stock(owner, main, a1), _stock(owner, shop, a1)) == (D("1.5"), D("1.5"))

    # Deleting the MM puts the goods back; deleting the WZ returns what it issued.
    for document in (mm, wz):
        response = client.delete(
            f"/warehouse_documents/{document['id']}.json?api_token={owner.api_token}"
        )
        assert response.status_code == 200
    assert (_stock(owner, main, a1), _stock(owner, shop, a1)) == (D(5), D(0))
    a1.refresh_from_db()
    assert a1.stock_level == D(5)


def test_a_limited_product_is_not_issued_beyond_stock(client, owner, warehouses):
    main, _shop = warehouses
    bolt = Product.objects.create(account=owner.account, name="Śruba", limited=True)
    _created(
        _post(
            client,
            owner,
            {"kind": "pz", "warehouse_actions": [{"product_id": bolt.pk, "quantity": 3}]},
        )
    )
    before = (WarehouseDocument.objects.count(), WarehouseAction.objects.count())
    errors = _errors(
        _post(
            client,
            owner,
            {"kind": "wz", "warehouse_actions": [{"product_id": bolt.pk, "quantity": 4}]},
        )
    )
    assert errors == {"warehouse_actions": ["Śruba: dostępne 3, żądane 4"]}
    assert (WarehouseDocument.objects.count(), WarehouseAction.objects.count()) == before
    assert _stock(owner, main, bolt) == D(3)


def test_deleting_a_receipt_whose_goods_were_issued_is_refused(client, owner, warehouses):
    main, _shop = warehouses
    bolt = Product.objects.create(account=owner.account, name="Śruba", limited=True)
    pz = _created(
        _post(
            client,
            owner,
            {"kind": "pz", "warehouse_actions": [{"product_id": bolt.pk, "quantity": 3}]},
        )
    )
    _created(
        _post(
            client,
            owner,
            {"kind": "wz", "warehouse_actions": [{"product_id": bolt.pk, "quantity": 2}]},
        )
    )
    response = client.delete(f"/warehouse_documents/{pz['id']}.json?api_token={owner.api_token}")
    assert response.status_code == 422
    assert WarehouseDocument.objects.filter(pk=pz["id"]).exists()
    assert _stock(owner, main, bolt) == D(1)


def test_update_changes_fields_and_replaces_actions_with_their_stock(client, owner, warehouses):
    main, _shop = warehouses
    bolt = Product.objects.create(account=owner.account, name="Śruba")
    pz = _created(
        _post(
            client,
            owner,
            {"kind": "pz", "warehouse_actions": [{"product_id": bolt.pk, "quantity": 3}]},
        )
    )
    response = _put(client, owner, pz["id"], {"client_name": "New client name SA"})
    assert response.status_code == 200, response.content
    assert response.json()["client_name"] == "New client name SA"
    response = _put(
        client, owner, pz["id"], {"warehouse_actions": [{"product_id": bolt.pk, "quantity": 7}]}
    )
    assert response.status_code == 200, response.content
    assert _stock(owner, main, bolt) == D(7)


def test_invoices_are_linked(client, owner, warehouses):
    from faktura.invoicing.tests.factories_invoices import invoice

    first, second = invoice(owner), invoice(owner)
    bolt = Product.objects.create(account=owner.account, name="Śruba")
    pz = _created(
        _post(
            client,
            owner,
            {"kind": "pz", "warehouse_actions": [{"product_id": bolt.pk, "quantity": 1}]},
        )
    )
    response = _put(client, owner, pz["id"], {"invoice_ids": [second.pk, first.pk]})
    assert response.status_code == 200, response.content
    assert response.json()["invoice_ids"] == sorted([first.pk, second.pk])
    for unknown in (999_999, 2**70):
        errors = _errors(_put(client, owner, pz["id"], {"invoice_ids": [unknown]}))
        assert list(errors) == ["invoice_ids"]


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"kind": "xx", "warehouse_actions": [{"product_name": "A", "quantity": 1}]}, "kind"),
        ({"kind": "pz"}, "warehouse_actions"),
        (
            {"kind": "pz", "warehouse_actions": [{"product_name": "A", "quantity": 0}]},
            "warehouse_actions.0.quantity",
        ),
        ({"kind": "pz", "warehouse_actions": [{"quantity": 1}]}, "warehouse_actions.0.product_id"),
        (
            {"kind": "pz", "warehouse_actions": [{"product_id": 999999, "quantity": 1}]},
            "warehouse_actions.0.product_id",
        ),
        (
            {
                "kind": "pz",
                "warehouse_actions": [{"product_name": "A", "quantity": 1, "tax": "abc"}],
            },
            "warehouse_actions.0.tax",
        ),
        (
            {"kind": "mm", "warehouse_actions": [{"product_name": "A", "quantity": 1}]},
            "warehouse_actions.0.warehouse2_id",
        ),
        (
            {
                "kind": "mm",
                "warehouse_actions": [{"product_name": "A", "quantity": 1, "warehouse2_id": 99999}],
            },
            "warehouse_actions.0.warehouse2_id",
        ),
        (
            {
                "kind": "pz",
                "warehouse_id": 999999,
                "warehouse_actions": [{"product_name": "A", "quantity": 1}],
            },
            "warehouse_id",
        ),
    ],
)
def test_bad_documents_are_refused_naming_the_field(client, owner, warehouses, document, field):
    assert field in _errors(_post(client, owner, document))
    assert not WarehouseDocument.objects.exists()


def test_another_accounts_warehouse_or_product_is_refused(client, owner, other_owner, warehouses):
    foreign_warehouse = Warehouse.objects.create(account=other_owner.account, name="Obcy")
    foreign_product = Product.objects.create(account=other_owner.account, name="Obcy")
    errors = _errors(
        _post(
            client,
            owner,
            {
                "kind": "pz",
                "warehouse_id": foreign_warehouse.pk,
                "warehouse_actions": [{"product_id": foreign_product.pk, "quantity": 1}],
            },
        )
    )
    assert set(errors) == {"warehouse_id", "warehouse_actions.0.product_id"}


def test_a_document_from_xml_answered_in_xml(client, owner, warehouses):
    main, _shop = warehouses
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><request>'
        f"<api_token>{owner.api_token}</api_token><warehouse_document><kind>pz</kind>"
        '<warehouse_actions type="array"><warehouse_action>'
        "<product_name>Produkt X</product_name><quantity>2</quantity>"
        "<purchase_tax>23</purchase_tax><purchase_price_net>10</purchase_price_net>"
        "</warehouse_action></warehouse_actions></warehouse_document></request>"
    )
    response = client.post("/warehouse_documents.xml", data=body, content_type="application/xml")
    assert response.status_code == 201, response.content
    text = response.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<warehouse_document>')
    assert '<warehouse_actions type="array">\n    <warehouse_action>' in text
    assert "<purchase_price_gross>24.60</purchase_price_gross>" in text
    product = Product.objects.get(account=owner.account, name="Produkt X")
    assert _stock(owner, main, product) == D(2)
