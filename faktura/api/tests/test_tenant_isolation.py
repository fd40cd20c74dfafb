"""Another account's ids answer 404 and change nothing, on every route with an id."""

import json

import pytest

from faktura.catalog.models import Department
from faktura.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_department(other_owner):
    return factories.department(other_owner, name="Cudzy", city="Gdańsk")


def test_show_of_another_accounts_department_is_404(client, owner, foreign_department):
    response = client.get(f"/departments/{foreign_department.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 404
    assert response.json()["code"] == "error"
    assert response.json()["message"] == "Not found"
    assert "Gdańsk" not in response.content.decode()


def test_update_of_another_accounts_department_is_404_and_changes_nothing(
    client, owner, foreign_department
):
    response = client.put(
        f"/departments/{foreign_department.pk}.json",
        data=json.dumps({"api_token": owner.api_token, "department": {"name": "Przejęty"}}),
        content_type="application/json",
    )
    assert response.status_code == 404
    foreign_department.refresh_from_db()
    assert foreign_department.name == "Cudzy"


def test_delete_of_another_accounts_department_is_404_and_keeps_it(
    client, owner, foreign_department
):
    response = client.delete(
        f"/departments/{foreign_department.pk}.json?api_token={owner.api_token}"
    )
    assert response.status_code == 404
    assert Department.objects.filter(pk=foreign_department.pk).exists()


def test_missing_id_answers_the_same_404(client, owner):
    response = client.get(f"/departments/999999.xml?api_token={owner.api_token}")
    assert response.status_code == 404
    assert b"<message>Not found</message>" in response.content


def test_lists_show_only_the_callers_rows(client, owner, foreign_department):
    names = [
        d["name"]
        for d in client.get(f"/departments.json?api_token={owner.api_token}&per_page=100").json()
    ]
    assert names == ["Acme sp. z o.o."]


def test_account_shows_only_the_callers_account(client, owner, other_owner):
    body = client.get(f"/account.json?api_token={other_owner.api_token}").json()
    assert body["prefix"] == "globex"
    assert "acme" not in json.dumps(body)


def test_main_department_cannot_be_deleted(client, owner):
    main = owner.account.departments.get(main=True)
    response = client.delete(f"/departments/{main.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["main"]
