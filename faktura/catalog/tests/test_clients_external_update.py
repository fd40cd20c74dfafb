"""POST /clients/external_update.json: a partner's historical sync of clients by
external_id (create or update, never delete, all or nothing), and no echo of its own
changes to its own webhooks."""

import json

import pytest

from faktura.catalog.models import Client
from faktura.catalog.services.clients import client_create
from faktura.events.models import Delivery, Event, Webhook
from faktura.events.services.webhooks import webhook_create

pytestmark = pytest.mark.django_db


def _sync(client, owner, clients):
    body = {"api_token": owner.api_token, "clients": clients}
    return client.post(
        "/clients/external_update.json", data=json.dumps(body), content_type="application/json"
    )


def test_clients_are_created_or_updated_by_external_id(client, owner, other_owner):
    kept = client_create(account=owner.account, data={"name": "Stara Nazwa", "external_id": "K-1"})
    untouched = client_create(account=owner.account, data={"name": "Bez zmian"})
    foreign = client_create(
        account=other_owner.account, data={"name": "Obcy", "external_id": "K-2"}
    )
    response = _sync(
        client,
        owner,
        [
            {"external_id": "K-1", "name": "Nowa Nazwa", "city": "Gdańsk"},
            {"external_id": "K-2", "name": "Nowy Klient", "tax_no": "6272616681"},
        ],
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["code"] == "success"
    assert body["updated"] == [{"id": kept.pk, "external_id": "K-1"}]
    (created,) = body["created"]
    assert created["external_id"] == "K-2"
    assert created["id"] != foreign.pk
    kept.refresh_from_db()
    assert (kept.name, kept.city) == ("Nowa Nazwa", "Gdańsk")
    assert Client.objects.filter(pk=untouched.pk).exists()  # never deletes
    foreign.refresh_from_db()
    assert foreign.name == "Obcy"


def test_one_bad_client_refuses_the_whole_batch_naming_it(client, owner):
    response = _sync(
        client,
        owner,
        [
            {"external_id": "K-1", "name": "Dobry"},
            {"external_id": "K-2", "name": "Zły NIP", "tax_no": "1234567890"},
            {"name": "Bez identyfikatora"},
        ],
    )
    assert response.status_code == 422
    message = json.dumps(response.json())
    assert "clients.1.tax_no" in message
    assert "clients.2.external_id" in message
    assert not Client.objects.filter(account=owner.account).exists()


def test_the_partners_own_changes_do_not_echo_back_to_its_webhook(client, owner, settings):
    settings.FAKTURA_WEBHOOK_ALLOW_PRIVATE = True
    body = {
        "api_token": owner.api_token,
        "webhook": {"kind": "client:create", "url": "http://127.0.0.1:9/crm"},
    }
    made = client.post("/webhooks.json", data=json.dumps(body), content_type="application/json")
    assert made.status_code == 201
    crm_hook = Webhook.objects.get()
    # Another system listening for the same events (made in the panel: no origin).
    other_hook = webhook_create(
        account=owner.account, data={"kind": "client:create", "url": "http://127.0.0.1:9/shop"}
    )
    _sync(client, owner, [{"external_id": "K-1", "name": "Z CRM"}])
    event = Event.objects.get(kind="client:create")
    assert event.origin_membership_id == owner.pk
    assert list(Delivery.objects.values_list("webhook_id", flat=True)) == [other_hook.pk]
    # A change made elsewhere (the panel, another integration) reaches the CRM.
    client_create(account=owner.account, data={"name": "Z panelu"})
    assert set(Delivery.objects.values_list("webhook_id", flat=True)) == {
        crm_hook.pk,
        other_hook.pk,
    }
