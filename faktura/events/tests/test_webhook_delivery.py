"""Webhooks delivered to a real HTTP receiver on loopback: signed, once, retried, logged."""

import json
import time

import pytest
from django.utils import timezone

from faktura.events import signing
from faktura.events.models import Delivery, Event, Webhook
from faktura.events.services.deliver import webhook_deliver

pytestmark = pytest.mark.django_db(transaction=True)


def _webhook(client, owner, kind: str, url: str) -> dict:
    body = {
        "api_token": owner.api_token,
        "webhook": {"kind": kind, "url": url, "api_token": "MY_ENDPOINT_TOKEN", "active": True},
    }
    response = client.post("/webhooks.json", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def _invoice(client, owner, **fields):
    body = {
        "api_token": owner.api_token,
        "invoice": {
            "buyer_name": "Klient1",
            "positions": [{"name": "A", "tax": 23, "total_price_gross": "123"}],
            **fields,
        },
    }
    return client.post("/invoices.json", data=json.dumps(body), content_type="application/json")


def _verified(webhook: dict, received) -> dict:
    assert signing.verify(
        secrets=[webhook["secret"]],
        headers=received.headers,
        body=received.body,
        now=int(time.time()),
    )
    return json.loads(received.body)


def test_an_invoice_event_is_delivered_once_signed(client, owner, webhook_receiver, run_tasks):
    webhook = _webhook(client, owner, "invoice:create", webhook_receiver.url)
    assert webhook["secret"].startswith("whsec_")
    shown = client.get(f"/webhooks/{webhook['id']}.json", {"api_token": owner.api_token}).json()
    assert "secret" not in shown
    invoice = _invoice(client, owner).json()
    run_tasks()
    run_tasks()  # a second run finds nothing more to send
    [received] = webhook_receiver.received
    body = _verified(webhook, received)
    assert body["id"] == invoice["id"]
    assert body["api_token"] == "MY_ENDPOINT_TOKEN"
    assert (body["deal"]["invoice_no"], body["deal"]["price"], body["deal"]["paid"]) == (
        invoice["number"],
        "123.00",
        False,
    )
    assert body["invoice"]["id"] == invoice["id"]
    assert body["locale"] == "pl"
    log = client.get(
        f"/webhooks/{webhook['id']}/deliveries.json", {"api_token": owner.api_token}
    ).json()
    assert [(d["status"], d["kind"], len(d["tries"])) for d in log] == [
        ("delivered", "invoice:create", 1)
    ]
    assert log[0]["id"] == received.headers["webhook-id"]


def test_a_refused_write_announces_nothing(client, owner, webhook_receiver, run_tasks):
    _webhook(client, owner, "invoice:create", webhook_receiver.url)
    assert _invoice(client, owner, kind="nonsense").status_code == 422
    run_tasks()
    assert webhook_receiver.received == []
    assert not Event.objects.exists()


def test_a_receiver_that_was_down_gets_the_event_later_with_the_same_id(
    client, owner, webhook_receiver, run_tasks
):
    webhook = _webhook(client, owner, "invoice:create", webhook_receiver.url)
    webhook_receiver.stop()
    _invoice(client, owner)
    run_tasks()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at > timezone.now()
    webhook_receiver.start()  # on the same port
    webhook_deliver(delivery_id=str(delivery.pk), now=delivery.next_attempt_at)
    [received] = webhook_receiver.received
    _verified(webhook, received)
    assert received.headers["webhook-id"] == str(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.tries.count()) == ("delivered", 2, 2)


def test_paying_an_invoice_announces_it_paid(client, owner, webhook_receiver, run_tasks):
    invoice = _invoice(client, owner).json()
    webhook = _webhook(client, owner, "invoice:update", webhook_receiver.url)
    body = {
        "api_token": owner.api_token,
        "banking_payment": {"price": 123, "invoice_id": invoice["id"], "paid": True},
    }
    response = client.post(
        "/banking/payments.json", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    run_tasks()
    [received] = webhook_receiver.received
    payload = _verified(webhook, received)
    assert (payload["deal"]["status"], payload["deal"]["paid"]) == ("paid", True)
    assert payload["invoice"]["paid"] == "123.00"


def test_gone_turns_the_webhook_off(client, owner, webhook_receiver, run_tasks):
    webhook = _webhook(client, owner, "invoice:create", webhook_receiver.url)
    webhook_receiver.status = 410
    _invoice(client, owner)
    run_tasks()
    stored = Webhook.objects.get(pk=webhook["id"])
    assert (stored.active, stored.disabled_reason) == (False, "410 Gone")
    assert Delivery.objects.get().status == "failed"
    webhook_receiver.status = 200
    _invoice(client, owner)  # an inactive webhook hears nothing
    run_tasks()
    assert len(webhook_receiver.received) == 1


def test_a_failed_delivery_can_be_sent_again(client, owner, webhook_receiver, run_tasks):
    webhook = _webhook(client, owner, "invoice:create", webhook_receiver.url)
    webhook_receiver.status = 500
    _invoice(client, owner)
    run_tasks()
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status="failed")
    webhook_receiver.status = 200
    response = client.post(
        f"/webhooks/{webhook['id']}/deliveries/{delivery.pk}/send_again.json?api_token={owner.api_token}"
    )
    assert response.status_code == 200, response.content
    run_tasks()
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert [r.headers["webhook-id"] for r in webhook_receiver.received] == [str(delivery.pk)] * 2


def test_every_kind_is_delivered_once_with_a_valid_signature(
    client, owner, webhook_receiver, run_tasks
):
    from faktura.events.models import KINDS

    hooks = {
        kind: _webhook(client, owner, kind, f"{webhook_receiver.url}?{kind}") for kind in KINDS
    }

    def send(method: str, path: str, wrapper: str | None = None, data: dict | None = None):
        body = {"api_token": owner.api_token}
        if wrapper:
            body[wrapper] = data
        response = client.generic(
            method, path, data=json.dumps(body), content_type="application/json"
        )
        assert response.status_code in (200, 201), response.content
        return response.json()

    buyer = send("POST", "/clients.json", "client", {"name": "Klient1"})
    send("PUT", f"/clients/{buyer['id']}.json", "client", {"name": "Klient2"})
    product = send("POST", "/products.json", "product", {"name": "Śruba", "price_gross": "1.23"})
    send("PUT", f"/products/{product['id']}.json", "product", {"name": "Śruba M4"})
    invoice = send(
        "POST",
        "/invoices.json",
        "invoice",
        {"client_id": buyer["id"], "positions": [{"name": "A", "price_net": 10}]},
    )
    send("PUT", f"/invoices/{invoice['id']}.json", "invoice", {"description": "Uwaga"})
    payment = send(
        "POST",
        "/banking/payments.json",
        "banking_payment",
        {"price": 1, "invoice_id": invoice["id"], "paid": False},
    )
    send("PATCH", f"/banking/payments/{payment['id']}.json", "banking_payment", {"name": "P"})
    send("DELETE", f"/banking/payments/{payment['id']}.json")
    send("DELETE", f"/invoices/{invoice['id']}.json")
    send("DELETE", f"/products/{product['id']}.json")
    send("DELETE", f"/clients/{buyer['id']}.json")
    run_tasks()
    by_kind = {}
    for received in webhook_receiver.received:
        kind = received.path.split("?", 1)[1]
        _verified(hooks[kind], received)
        by_kind[kind] = by_kind.get(kind, 0) + 1
    assert by_kind == dict.fromkeys(KINDS, 1)
    ids = {
        "client": buyer["id"],
        "product": product["id"],
        "invoice": invoice["id"],
        "payment": payment["id"],
    }
    for received in webhook_receiver.received:
        resource = received.path.split("?", 1)[1].split(":")[0]
        body = json.loads(received.body)
        assert body["id"] == ids[resource]
        assert body[resource]["id"] == ids[resource]


def test_a_target_is_checked_again_at_delivery(
    client, owner, webhook_receiver, run_tasks, settings
):
    _webhook(client, owner, "invoice:create", webhook_receiver.url)
    settings.FAKTURA_WEBHOOK_ALLOW_PRIVATE = False  # the operator turned it off since
    _invoice(client, owner)
    run_tasks()
    assert webhook_receiver.received == []
    [attempt] = Delivery.objects.get().tries.all()
    assert "127.0.0.1" in attempt.error
    assert attempt.status_code is None
