"""/warehouses.json: the reference's examples, the default warehouse, and refusals."""

import json
from decimal import Decimal

import pytest
from django.db import transaction

from faktura.catalog.models import Product
from faktura.warehouse.models import Warehouse, WarehouseAction, WarehouseDocument
from faktura.warehouse.services.warehouses import warehouse_default

pytestmark = pytest.mark.django_db


def _send(client, owner, method: str, path: str, warehouse: dict | None = None, fmt="json"):
    body = {"api_token": owner.api_token}
    if warehouse is not None:
        body["warehouse"] = warehouse
    return getattr(client, method)(
        f"{path}.{fmt}", data=json.dumps(body), content_type="application/json"
    )


def test_the_reference_examples(client, owner):
    created = _send(
        client,
        owner,
        "post",
        "/warehouses",
        {"name": "my_warehouse", "kind": None, "description": None},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["kind"], body["description"], body["active"]) == (
        "my_warehouse",
        None,
        None,
        True,
    )
    assert list(body)[:4] == ["id", "name", "kind", "description"]
    assert body["deleted"] is False
    changed = _send(
        client,
        owner,
        "put",
        f"/warehouses/{body['id']}",
        {"name": "my_category", "kind": None, "description": "new_description"},
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["name"], changed.json()["description"]) == (
        "my_category",
        "new_description",
    )
    listed = client.get("/warehouses.json", {"api_token": owner.api_token}).json()
    assert [row["id"] for row in listed] == [body["id"]]
    shown = client.get(f"/warehouses/{body['id']}.xml", {"api_token": owner.api_token})
    assert "<name>my_category</name>" in shown.content.decode()


def test_the_first_warehouse_is_the_default_and_stays(client, owner):
    first = _send(client, owner, "post", "/warehouses", {"name": "A"}).json()
    second = _send(client, owner, "post", "/warehouses", {"name": "B"}).json()
    assert warehouse_default(account=owner.account).pk == first["id"]
    refused = client.delete(f"/warehouses/{first['id']}.json?api_token={owner.api_token}")
    assert refused.status_code == 422
    assert list(refused.json()["message"]) == ["id"]
    deleted = client.delete(f"/warehouses/{second['id']}.json?api_token={owner.api_token}")
    assert deleted.status_code == 200
    assert deleted.json() == "ok"
    assert list(Warehouse.objects.filter(account=owner.account).values_list("name", flat=True)) == [
        "A"
    ]


def test_a_default_warehouse_is_made_when_first_needed(owner):
    made = warehouse_default(account=owner.account)
    assert made.main
    assert made.name == "Magazyn główny"
    assert warehouse_default(account=owner.account).pk == made.pk


def test_a_warehouse_with_documents_is_not_deleted(client, owner):
    warehouse_default(account=owner.account)
    other = _send(client, owner, "post", "/warehouses", {"name": "B"}).json()
    product = Product.objects.create(account=owner.account, name="Śruba")
    with transaction.atomic():
        document = WarehouseDocument.objects.create(
            account=owner.account, kind="pz", issue_date="2026-11-22", warehouse_id=other["id"]
        )
        WarehouseAction.objects.create(
            account=owner.account,
            document=document,
            kind="pz",
            warehouse_id=other["id"],
            product=product,
            quantity=Decimal(1),
        )
    refused = client.delete(f"/warehouses/{other['id']}.json?api_token={owner.api_token}")
    assert refused.status_code == 422
    assert Warehouse.objects.filter(pk=other["id"]).exists()


@pytest.mark.parametrize("warehouse", [{}, {"name": ""}, {"name": "   "}])
def test_a_warehouse_needs_a_name(client, owner, warehouse):
    response = _send(client, owner, "post", "/warehouses", warehouse)
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["name"]
    assert not Warehouse.objects.exists()


def test_another_accounts_warehouse_is_not_found(client, owner, other_owner):
    foreign = Warehouse.objects.create(account=other_owner.account, name="Obcy")
    assert (
        client.get(f"/warehouses/{foreign.pk}.json", {"api_token": owner.api_token}).status_code
        == 404
    )
    assert (
        _send(client, owner, "put", f"/warehouses/{foreign.pk}", {"name": "X"}).status_code == 404
    )
    assert client.get("/warehouses.json", {"api_token": owner.api_token}).json() == []
    foreign.refresh_from_db()
    assert foreign.name == "Obcy"
