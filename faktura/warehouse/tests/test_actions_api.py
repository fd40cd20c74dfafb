"""/warehouse_actions.json and each of the reference's filters."""

import json

import pytest

from faktura.catalog.models import Product
from faktura.warehouse.models import Warehouse, WarehouseAction

pytestmark = pytest.mark.django_db


def _document(client, owner, document: dict) -> dict:
    body = {"api_token": owner.api_token, "warehouse_document": document}
    response = client.post(
        "/warehouse_documents.json", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def _ids(client, owner, **params) -> list[int]:
    response = client.get("/warehouse_actions.json", {"api_token": owner.api_token, **params})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()]


@pytest.fixture
def story(client, owner):
    main = Warehouse.objects.create(account=owner.account, name="Główny", main=True)
    shop = Warehouse.objects.create(account=owner.account, name="Sklep")
    bolt = Product.objects.create(account=owner.account, name="Śruba")
    nut = Product.objects.create(account=owner.account, name="Nakrętka")
    pz = _document(
        client,
        owner,
        {
            "kind": "pz",
            "warehouse_actions": [
                {"product_id": bolt.pk, "quantity": 5},
                {"product_id": nut.pk, "quantity": 5},
            ],
        },
    )
    mm = _document(
        client,
        owner,
        {
            "kind": "mm",
            "warehouse_actions": [{"product_id": bolt.pk, "quantity": 2, "warehouse2_id": shop.pk}],
        },
    )
    return {"main": main, "shop": shop, "bolt": bolt, "nut": nut, "pz": pz, "mm": mm}


def _action(story, document: str, **match) -> list[int]:
    return sorted(
        WarehouseAction.objects.filter(document_id=story[document]["id"], **match).values_list(
            "pk", flat=True
        )
    )


def test_every_filter(client, owner, story):
    everything = _ids(client, owner)
    assert len(everything) == 4
    assert sorted(_ids(client, owner, warehouse_id=story["shop"].pk)) == _action(
        story, "mm", quantity__gt=0
    )
    assert sorted(_ids(client, owner, kind="pz")) == _action(story, "pz")
    assert sorted(_ids(client, owner, product_id=story["nut"].pk)) == _action(
        story, "pz", product=story["nut"]
    )
    assert sorted(_ids(client, owner, warehouse_document_id=story["mm"]["id"])) == _action(
        story, "mm"
    )
    assert _ids(client, owner, from_warehouse_document=story["mm"]["id"]) == _action(
        story, "mm", quantity__lt=0
    )
    assert _ids(client, owner, to_warehouse_document=story["mm"]["id"]) == _action(
        story, "mm", quantity__gt=0
    )
    assert _ids(client, owner, from_warehouse_document=story["pz"]["id"]) == []
    today = WarehouseAction.objects.first().created_at.date()
    assert len(_ids(client, owner, date_from=today.isoformat(), date_to=today.isoformat())) == 4
    assert _ids(client, owner, date_from="2999-01-01") == []
    assert _ids(client, owner, date_to="2000-01-01") == []


def test_an_action_carries_its_document_and_product(client, owner, story):
    rows = client.get(
        "/warehouse_actions.json",
        {"api_token": owner.api_token, "warehouse_document_id": story["pz"]["id"]},
    ).json()
    assert {
        (row["warehouse_document_id"], row["product_name"], row["quantity"]) for row in rows
    } == {
        (story["pz"]["id"], "Śruba", "5.0"),
        (story["pz"]["id"], "Nakrętka", "5.0"),
    }


@pytest.mark.parametrize(
    ("params", "name"), [({"kind": "xx"}, "kind"), ({"date_from": "yesterday"}, "date_from")]
)
def test_bad_filters_are_a_400_naming_them(client, owner, params, name):
    response = client.get("/warehouse_actions.json", {"api_token": owner.api_token, **params})
    assert response.status_code == 400
    assert name in response.json()["message"]


def test_another_accounts_actions_are_not_listed(client, owner, other_owner, story):
    assert _ids(client, other_owner) == []
    assert _ids(client, other_owner, warehouse_document_id=story["pz"]["id"]) == []
