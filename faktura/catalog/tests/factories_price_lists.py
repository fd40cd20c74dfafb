"""Test data for price lists: products made directly, price lists through the service."""

import json
from decimal import Decimal

from faktura.accounts.models import Membership
from faktura.catalog.models import PriceList, Product
from faktura.catalog.services.price_lists import price_list_create

DECIMAL_KEYS = ("price_net", "price_gross", "percentage")


def english(owner: Membership) -> Membership:
    """Make the account speak English, so that tests can assert the source messages."""
    owner.account.lang = "en"
    owner.account.save(update_fields=["lang"])
    return owner


def product(
    owner: Membership,
    name: str = "Kawa",
    price_gross: str = "123.00",
    price_net: str = "100.00",
    tax: str = "23",
    **fields,
) -> Product:
    return Product.objects.create(
        account=owner.account,
        name=name,
        price_net=Decimal(price_net),
        price_gross=Decimal(price_gross),
        tax=tax,
        **fields,
    )


def price_list(
    owner: Membership, name: str = "Hurt", positions: list[dict] | None = None, **fields
) -> PriceList:
    """A price list with positions as the API takes them; amounts may be strings ("12.30")."""
    data = {"name": name, **fields}
    if positions is not None:
        data["price_list_positions_attributes"] = [
            {
                key: Decimal(value) if key in DECIMAL_KEYS and value is not None else value
                for key, value in position.items()
            }
            for position in positions
        ]
    return price_list_create(account=owner.account, data=data)


def post(client, owner: Membership, price_list: dict):
    body = {"api_token": owner.api_token, "price_list": price_list}
    return client.post("/price_lists.json", data=json.dumps(body), content_type="application/json")


def put(client, owner: Membership, id: int, price_list: dict, method: str = "PUT"):
    body = {"api_token": owner.api_token, "price_list": price_list}
    return client.generic(
        method, f"/price_lists/{id}.json", data=json.dumps(body), content_type="application/json"
    )


def show(client, owner: Membership, id: int) -> dict:
    response = client.get(f"/price_lists/{id}.json?api_token={owner.api_token}")
    assert response.status_code == 200, response.content
    return response.json()
