"""Issuers ("Wystawcy") over HTTP: create, read, update, delete, formats, isolation."""

import json
import re
from urllib.parse import urlencode

import pytest

from faktura.catalog.models import Issuer

pytestmark = pytest.mark.django_db

FIELDS = ["id", "name", "tax_no", "created_at", "updated_at"]
TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"


@pytest.fixture(autouse=True)
def _english_messages(owner):
    owner.account.lang = "en"
    owner.account.save()


def _send(client, method, path, body):
    return client.generic(method, path, data=json.dumps(body), content_type="application/json")


def _create(client, owner, **fields):
    return _send(client, "POST", "/issuers.json", {"api_token": owner.api_token, "issuer": fields})


def test_an_issuer_is_created_as_in_the_reference(client, owner):
    response = _create(client, owner, name="Issuer", tax_no="4170106662")
    assert response.status_code == 201
    body = response.json()
    assert list(body) == FIELDS
    assert (body["name"], body["tax_no"]) == ("Issuer", "4170106662")
    issuer = Issuer.objects.get(pk=body["id"])
    assert (issuer.account, issuer.name) == (owner.account, "Issuer")
    assert re.fullmatch(TIMESTAMP, body["created_at"])


def test_an_issuer_needs_a_name(client, owner):
    response = _create(client, owner, tax_no="4170106662")
    assert response.status_code == 422
    assert response.json() == {"code": "error", "message": {"name": ["can't be blank"]}}
    assert not Issuer.objects.exists()


@pytest.mark.parametrize(("field", "length"), [("name", 256), ("tax_no", 51)])
def test_overlong_fields_are_422_naming_them(client, owner, field, length):
    response = _create(client, owner, **{"name": "Issuer", field: "x" * length})
    assert response.status_code == 422
    assert list(response.json()["message"]) == [field]
    assert not Issuer.objects.exists()


def test_an_issuer_is_read_back(client, owner):
    issuer_id = _create(client, owner, name="Jan Kowalski").json()["id"]
    response = client.get(f"/issuers/{issuer_id}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert response.json()["name"] == "Jan Kowalski"
    assert response.json()["tax_no"] == ""


def test_update_changes_only_the_given_fields(client, owner):
    issuer_id = _create(client, owner, name="Issuer", tax_no="4170106662").json()["id"]
    response = _send(
        client,
        "PUT",
        f"/issuers/{issuer_id}.json",
        {"api_token": owner.api_token, "issuer": {"name": "new_name"}},
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["tax_no"]) == ("new_name", "4170106662")


def test_patch_works_like_put(client, owner):
    issuer_id = _create(client, owner, name="Issuer", tax_no="4170106662").json()["id"]
    response = _send(
        client,
        "PATCH",
        f"/issuers/{issuer_id}.json",
        {"api_token": owner.api_token, "issuer": {"tax_no": ""}},
    )
    assert response.status_code == 200
    assert Issuer.objects.get(pk=issuer_id).tax_no == ""


def test_an_update_cannot_blank_the_name(client, owner):
    issuer_id = _create(client, owner, name="Issuer").json()["id"]
    response = _send(
        client,
        "PUT",
        f"/issuers/{issuer_id}.json",
        {"api_token": owner.api_token, "issuer": {"name": " "}},
    )
    assert response.status_code == 422
    assert response.json()["message"] == {"name": ["can't be blank"]}
    assert Issuer.objects.get(pk=issuer_id).name == "Issuer"


def test_delete_answers_ok_and_removes_the_issuer(client, owner):
    issuer_id = _create(client, owner, name="Issuer").json()["id"]
    response = client.delete(f"/issuers/{issuer_id}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert response.json() == "ok"
    assert not Issuer.objects.filter(pk=issuer_id).exists()
    gone = client.get(f"/issuers/{issuer_id}.json?api_token={owner.api_token}")
    assert gone.status_code == 404


def test_the_list_is_a_bare_array_in_id_order_with_paging(client, owner):
    ids = [_create(client, owner, name=f"Wystawca {n}").json()["id"] for n in range(3)]
    listed = client.get(f"/issuers.json?api_token={owner.api_token}").json()
    assert [issuer["id"] for issuer in listed] == ids
    second_page = client.get(f"/issuers.json?api_token={owner.api_token}&per_page=2&page=2")
    assert [issuer["id"] for issuer in second_page.json()] == ids[2:]
    by_name = client.get(f"/issuers.json?api_token={owner.api_token}&order=name.desc")
    assert [issuer["name"] for issuer in by_name.json()] == [
        "Wystawca 2",
        "Wystawca 1",
        "Wystawca 0",
    ]


def test_the_list_can_be_searched_by_name(client, owner):
    _create(client, owner, name="Anna Nowak")
    _create(client, owner, name="Jan Kowalski")
    listed = client.get(f"/issuers.json?api_token={owner.api_token}&name=nowak").json()
    assert [issuer["name"] for issuer in listed] == ["Anna Nowak"]


def test_an_unknown_order_is_400_naming_it(client, owner):
    response = client.get(f"/issuers.json?api_token={owner.api_token}&order=secret")
    assert response.status_code == 400
    assert "order" in response.json()["message"]


def test_an_issuer_round_trips_through_xml(client, owner):
    xml = "<issuer><name>Łucja Żak</name><tax_no>4170106662</tax_no></issuer>"
    created = client.post(
        f"/issuers.xml?api_token={owner.api_token}",
        data=xml.encode(),
        content_type="application/xml",
    )
    assert created.status_code == 201
    issuer = Issuer.objects.get(account=owner.account)
    shown = client.get(f"/issuers/{issuer.pk}.xml?api_token={owner.api_token}")
    text = shown.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<issuer>')
    assert "<name>Łucja Żak</name>" in text
    assert "<tax_no>4170106662</tax_no>" in text
    listed = client.get(f"/issuers.xml?api_token={owner.api_token}").content.decode()
    assert '<issuers type="array">' in listed


def test_an_issuer_from_rails_form_params(client, owner):
    form = urlencode({"api_token": owner.api_token, "issuer[name]": "Z formularza"})
    response = client.post(
        "/issuers.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Z formularza"


def test_another_accounts_issuer_is_404_everywhere_and_unchanged(client, owner, other_owner):
    foreign = Issuer.objects.create(account=other_owner.account, name="Cudzy", tax_no="1")
    path = f"/issuers/{foreign.pk}.json"
    assert client.get(f"{path}?api_token={owner.api_token}").status_code == 404
    updated = _send(
        client, "PUT", path, {"api_token": owner.api_token, "issuer": {"name": "Przejęty"}}
    )
    assert updated.status_code == 404
    assert client.delete(f"{path}?api_token={owner.api_token}").status_code == 404
    foreign.refresh_from_db()
    assert (foreign.name, foreign.tax_no) == ("Cudzy", "1")


def test_the_list_shows_only_the_callers_issuers(client, owner, other_owner):
    Issuer.objects.create(account=other_owner.account, name="Cudzy")
    _create(client, owner, name="Nasz")
    listed = client.get(f"/issuers.json?api_token={owner.api_token}").json()
    assert [issuer["name"] for issuer in listed] == ["Nasz"]
