"""Test data for clients: clients through the service, HTTP helpers for the API."""

import json

from faktura.accounts.models import Membership
from faktura.catalog.models import Client
from faktura.catalog.services.clients import client_create


def english(owner: Membership) -> Membership:
    """Make the account speak English, so that tests can assert the source messages."""
    owner.account.lang = "en"
    owner.account.save(update_fields=["lang"])
    return owner


def make_client(owner: Membership, name: str = "Klient", **fields) -> Client:
    return client_create(account=owner.account, data={"name": name, **fields})


def post(http, owner: Membership, data: dict):
    body = {"api_token": owner.api_token, "client": data}
    return http.post("/clients.json", data=json.dumps(body), content_type="application/json")


def put(http, owner: Membership, id: int, data: dict, method: str = "PUT"):
    body = {"api_token": owner.api_token, "client": data}
    return http.generic(
        method, f"/clients/{id}.json", data=json.dumps(body), content_type="application/json"
    )


def show(http, owner: Membership, id: int) -> dict:
    response = http.get(f"/clients/{id}.json?api_token={owner.api_token}")
    assert response.status_code == 200, response.content
    return response.json()


def listed(http, owner: Membership, query: str = "") -> list[dict]:
    response = http.get(f"/clients.json?api_token={owner.api_token}&{query}")
    assert response.status_code == 200, response.content
    return response.json()
