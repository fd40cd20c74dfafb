"""Categories over HTTP: create, read, update, delete, formats, isolation."""

import json

import pytest

from faktura.catalog.models import Category, Client, Product
from faktura.catalog.tests import factories_products as factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(owner):
    factories.speak_english(owner)


def _send(client, method, path, body):
    return client.generic(method, path, data=json.dumps(body), content_type="application/json")


def test_create_answers_201_with_the_category(client, owner):
    response = _send(
        client,
        "POST",
        "/categories.json",
        {"api_token": owner.api_token, "category": {"name": "my_category", "description": None}},
    )
    assert response.status_code == 201
    body = response.json()
    category = Category.objects.get(account=owner.account)
    assert body["id"] == category.pk
    assert (body["name"], body["description"]) == ("my_category", None)
    assert set(body) == {"id", "name", "description", "created_at", "updated_at"}
    assert body["created_at"][19] == "."


def test_show_answers_the_category(client, owner):
    category = factories.category(owner, "Usługi", description="Godziny pracy")
    response = client.get(f"/categories/{category.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["description"]) == (
        "Usługi",
        "Godziny pracy",
    )


def test_list_is_a_bare_array_of_the_accounts_categories(client, owner, other_owner):
    factories.category(owner, "A")
    factories.category(owner, "B")
    factories.category(other_owner, "Obca")
    response = client.get(f"/categories.json?api_token={owner.api_token}")
    assert [c["name"] for c in response.json()] == ["A", "B"]


def test_list_pages_and_orders(client, owner):
    for name in ("C", "A", "B"):
        factories.category(owner, name)
    response = client.get(
        f"/categories.json?api_token={owner.api_token}&order=name.desc&per_page=2&page=1"
    )
    assert [c["name"] for c in response.json()] == ["C", "B"]


def test_update_changes_only_the_given_fields(client, owner):
    category = factories.category(owner, "my_category", description="old")
    response = _send(
        client,
        "PUT",
        f"/categories/{category.pk}.json",
        {"api_token": owner.api_token, "category": {"description": "new_description"}},
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["description"]) == (
        "my_category",
        "new_description",
    )


def test_patch_updates_too(client, owner):
    category = factories.category(owner, "Stara")
    response = _send(
        client,
        "PATCH",
        f"/categories/{category.pk}.json",
        {"api_token": owner.api_token, "category": {"name": "Nowa"}},
    )
    assert response.status_code == 200
    category.refresh_from_db()
    assert category.name == "Nowa"


def test_description_can_be_cleared_with_null(client, owner):
    category = factories.category(owner, "X", description="opis")
    response = _send(
        client,
        "PUT",
        f"/categories/{category.pk}.json",
        {"api_token": owner.api_token, "category": {"description": None}},
    )
    assert response.json()["description"] is None


def test_blank_name_is_refused_naming_the_field(client, owner):
    response = _send(
        client, "POST", "/categories.json", {"api_token": owner.api_token, "category": {}}
    )
    assert response.status_code == 422
    assert response.json() == {"code": "error", "message": {"name": ["can't be blank"]}}
    assert not Category.objects.exists()


def test_overlong_name_is_refused_before_the_database(client, owner):
    response = _send(
        client,
        "POST",
        "/categories.json",
        {"api_token": owner.api_token, "category": {"name": "x" * 256}},
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["name"]


def test_delete_answers_ok_and_leaves_clients_and_products_without_category(client, owner):
    category = factories.category(owner)
    buyer = Client.objects.create(account=owner.account, name="Kupiec", category=category)
    product = factories.product(owner, category_id=category.pk)
    response = client.delete(f"/categories/{category.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert response.json() == "ok"
    assert not Category.objects.filter(pk=category.pk).exists()
    buyer.refresh_from_db()
    product.refresh_from_db()
    assert (buyer.category_id, product.category_id) == (None, None)
    assert Product.objects.filter(pk=product.pk).exists()


def test_xml_body_creates_and_answers_xml(client, owner):
    response = client.post(
        f"/categories.xml?api_token={owner.api_token}",
        data="<category><name>Książki</name><description>Papier</description></category>".encode(),
        content_type="application/xml",
    )
    assert response.status_code == 201
    text = response.content.decode()
    assert "<category>" in text
    assert "<name>Książki</name>" in text
    listing = client.get(f"/categories.xml?api_token={owner.api_token}").content.decode()
    assert '<categories type="array">' in listing
    assert "<description>Papier</description>" in listing


def test_rails_form_params_create(client, owner):
    form = f"api_token={owner.api_token}&category[name]=Formularz&category[description]="
    response = client.post(
        "/categories.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    assert (response.json()["name"], response.json()["description"]) == ("Formularz", None)


def test_another_accounts_category_answers_404_and_stays(client, owner, other_owner):
    foreign = factories.category(other_owner, "Obca")
    path = f"/categories/{foreign.pk}.json"
    assert client.get(f"{path}?api_token={owner.api_token}").status_code == 404
    update = _send(client, "PUT", path, {"api_token": owner.api_token, "category": {"name": "Z"}})
    assert update.status_code == 404
    assert client.delete(f"{path}?api_token={owner.api_token}").status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Obca"


def test_missing_id_answers_404(client, owner):
    response = client.get(f"/categories/99999999999999999999.json?api_token={owner.api_token}")
    assert response.status_code == 404


def test_nul_characters_are_refused_before_the_database(client, owner):
    form = f"api_token={owner.api_token}&category[name]=a%00b"
    response = client.post(
        "/categories.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "'category.name' contains a NUL character" in response.json()["message"]
    assert not Category.objects.exists()
