"""Every API route with an id answers 404 for another account's ids and changes nothing.

The routes come from the OpenAPI schema, so a new resource is covered the
moment it is added: its test fails until FOREIGN says how to make one of its
rows in another account.
"""

import json

import pytest
from django.utils import timezone

from faktura.api.site import api
from faktura.catalog.models import (
    BankAccount,
    Category,
    Client,
    Department,
    Issuer,
    PriceList,
    Product,
)
from faktura.events.models import Webhook
from faktura.invoicing.models import Invoice, Recurring
from faktura.payments.models import Payment
from faktura.warehouse.models import Warehouse, WarehouseDocument

pytestmark = pytest.mark.django_db

# resource path segment -> (body wrapper key, how to make a row in an account)
FOREIGN = {
    "recurrings": (
        "recurring",
        lambda account: Recurring.objects.create(
            account=account,
            name="Obcy",
            every="1m",
            start_date=timezone.localdate(),
            anchor_date=timezone.localdate(),
        ),
    ),
    "webhooks": (
        "webhook",
        lambda account: Webhook.objects.create(
            account=account,
            kind="invoice:create",
            url="https://example.com/",
            api_token="Obcy",
            secret="x",
        ),
    ),
    "banking": (
        "banking_payment",
        lambda account: Payment.objects.create(account=account, name="Obcy"),
    ),
    "warehouse_documents": (
        "warehouse_document",
        lambda account: WarehouseDocument.objects.create(
            account=account,
            kind="pz",
            description="Obcy",
            issue_date=timezone.localdate(),
            warehouse=Warehouse.objects.create(account=account, name="Obcy"),
        ),
    ),
    "warehouses": (
        "warehouse",
        lambda account: Warehouse.objects.create(account=account, name="Obcy"),
    ),
    "departments": (
        "department",
        lambda account: Department.objects.create(account=account, name="Obcy"),
    ),
    "clients": ("client", lambda account: Client.objects.create(account=account, name="Obcy")),
    "products": ("product", lambda account: Product.objects.create(account=account, name="Obcy")),
    "categories": (
        "category",
        lambda account: Category.objects.create(account=account, name="Obcy"),
    ),
    "price_lists": (
        "price_list",
        lambda account: PriceList.objects.create(account=account, name="Obcy"),
    ),
    "issuers": ("issuer", lambda account: Issuer.objects.create(account=account, name="Obcy")),
    "bank_accounts": (
        "bank_account",
        lambda account: BankAccount.objects.create(
            account=account,
            name="Obcy",
            bank_account_number="PL61 1090 1014 0000 0712 1981 2874",
            number_normalized="PL61109010140000071219812874",
        ),
    ),
    "invoices": (
        "invoice",
        lambda account: Invoice.objects.create(
            account=account, issue_date=timezone.localdate(), buyer_name="Obcy"
        ),
    ),
}
# The field holding the "Obcy" marker, where a model has no `name`.
NAME_FIELDS = {
    "invoices": "buyer_name",
    "warehouse_documents": "description",
    "webhooks": "api_token",
}


def _routes_with_an_id() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, item in schema["paths"].items()
        if "{id}" in path
        for method in item
        if method in ("get", "put", "patch", "delete", "post")
    )


ROUTES = _routes_with_an_id()


def test_there_are_routes_with_ids_to_check():
    assert ("GET", "/departments/{id}.json") in ROUTES


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_another_accounts_id_answers_404_and_changes_nothing(
    client, owner, other_owner, method, path
):
    resource = path.strip("/").split("/")[0]
    assert resource in FOREIGN, f"add {resource!r} to FOREIGN in {__name__}"
    wrapper, make = FOREIGN[resource]
    name_field = NAME_FIELDS.get(resource, "name")
    foreign = make(other_owner.account)
    url = path.replace("{id}", str(foreign.pk))
    if method in ("GET", "DELETE"):
        response = client.generic(method, f"{url}?api_token={owner.api_token}")
    else:
        body = {"api_token": owner.api_token, wrapper: {name_field: "Przejęty"}}
        response = client.generic(
            method, url, data=json.dumps(body), content_type="application/json"
        )
    assert response.status_code == 404, response.content
    assert "Obcy" not in response.content.decode()
    foreign.refresh_from_db()
    assert getattr(foreign, name_field) == "Obcy"


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_an_id_beyond_any_row_answers_404(client, owner, method, path):
    url = path.replace("{id}", str(2**64))
    wrapper, _make = FOREIGN[path.strip("/").split("/")[0]]
    body = {"api_token": owner.api_token, wrapper: {"name": "X"}}
    response = client.generic(
        method,
        f"{url}?api_token={owner.api_token}",
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 404, response.content
