"""/webhooks.json: the reference's fields, refused targets and kinds, rotation."""

import json

import pytest

from faktura.events.models import Webhook

pytestmark = pytest.mark.django_db


def _post(client, owner, webhook: dict):
    body = {"api_token": owner.api_token, "webhook": webhook}
    return client.post("/webhooks.json", data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("webhook", "field"),
    [
        ({"kind": "invoice:explode", "url": "https://93.184.216.34/h"}, "kind"),
        ({"kind": "invoice:create"}, "url"),
        ({"kind": "invoice:create", "url": "http://127.0.0.1:8000/h"}, "url"),
        ({"kind": "invoice:create", "url": "http://10.0.0.5/h"}, "url"),
        ({"kind": "invoice:create", "url": "ftp://93.184.216.34/h"}, "url"),
    ],
)
def test_bad_webhooks_are_refused_naming_the_field(client, owner, webhook, field):
    response = _post(client, owner, webhook)
    assert response.status_code == 422, response.content
    assert field in response.json()["message"]
    assert not Webhook.objects.exists()


def test_private_targets_are_allowed_when_the_operator_says_so(client, owner, settings):
    settings.FAKTURA_WEBHOOK_ALLOW_PRIVATE = True
    response = _post(client, owner, {"kind": "invoice:create", "url": "http://127.0.0.1:9/h"})
    assert response.status_code == 201, response.content


def test_crud_and_secret_rotation(client, owner):
    created = _post(
        client,
        owner,
        {
            "kind": "client:create",
            "url": "https://93.184.216.34/h",
            "api_token": "T",
            "active": True,
        },
    ).json()
    assert (created["kind"], created["api_token"], created["active"]) == (
        "client:create",
        "T",
        True,
    )
    first_secret = created["secret"]
    rotated = client.post(
        f"/webhooks/{created['id']}/rotate_secret.json?api_token={owner.api_token}"
    ).json()
    assert rotated["secret"] != first_secret
    body = {"api_token": owner.api_token, "webhook": {"active": False}}
    changed = client.put(
        f"/webhooks/{created['id']}.json", data=json.dumps(body), content_type="application/json"
    ).json()
    assert changed["active"] is False
    assert "secret" not in changed
    listed = client.get("/webhooks.json", {"api_token": owner.api_token}).json()
    assert [row["id"] for row in listed] == [created["id"]]
    deleted = client.delete(f"/webhooks/{created['id']}.json?api_token={owner.api_token}")
    assert deleted.status_code == 200
    assert not Webhook.objects.exists()
