import json

import pytest
from django.test import Client

from faktura.accounts.models import Membership, Role
from faktura.tests import factories

pytestmark = pytest.mark.django_db


def _post(client, path: str, body: dict):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_login_with_login_returns_account_and_token(client, owner):
    response = _post(client, "/login.json", {"login": "acme-owner", "password": factories.PASSWORD})
    assert response.status_code == 200
    assert response.json() == {
        "login": "acme-owner",
        "email": "owner@acme.example",
        "prefix": "acme",
        "url": "https://acme.faktura.test",
        "first_name": "",
        "last_name": "",
        "api_token": owner.api_token,
    }


def test_login_with_email_in_other_case_works(client, owner):
    response = _post(
        client, "/login.json", {"login": "OWNER@ACME.example", "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["prefix"] == "acme"


def test_login_with_wrong_password_answers_401(client, owner):
    response = _post(client, "/login.json", {"login": "acme-owner", "password": "nope"})
    assert response.status_code == 401
    assert response.json()["code"] == "error"
    assert "api_token" not in response.json()


def test_login_on_an_accounts_host_picks_that_account(owner, other_owner):
    shared = factories.member(other_owner, email="shared@example.pl")
    Membership.objects.create(account=owner.account, user=shared.user, role="member")
    credentials = {"login": "shared@example.pl", "password": factories.PASSWORD}
    for host, prefix in [("acme.faktura.test", "acme"), ("globex.faktura.test", "globex")]:
        response = _post(Client(HTTP_HOST=host), "/login.json", credentials)
        assert response.status_code == 200
        assert response.json()["prefix"] == prefix


def _add_user(client, actor: Membership, **user):
    return _post(client, "/account/add_user.json", {"api_token": actor.api_token, "user": user})


def _add_new_user(client, actor: Membership, email: str, **user):
    """add_user with `invite: false`: the user is created with a password."""
    return _add_user(client, actor, invite=False, email=email, password="Password123", **user)


def test_add_user_creates_a_member_who_can_log_in(client, owner):
    response = _add_new_user(client, owner, "anna@acme.example")
    assert response.status_code == 201
    body = response.json()
    assert (body["login"], body["email"], body["role"], body["department_ids"]) == (
        "anna",
        "anna@acme.example",
        "member",
        [],
    )
    login = _post(client, "/login.json", {"login": "anna", "password": "Password123"})
    assert login.json()["prefix"] == "acme"


def test_add_user_with_invite_adds_an_existing_user_to_the_account(client, owner, other_owner):
    response = _add_user(client, owner, invite=True, email="owner@globex.example", role="admin")
    assert response.status_code == 201
    assert response.json()["role"] == "admin"
    assert Membership.objects.filter(user=other_owner.user).count() == 2


def test_invite_of_an_unknown_email_answers_422(client, owner):
    response = _add_user(client, owner, invite=True, email="nobody@example.pl")
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["email"]


def test_add_user_with_custom_role_and_departments(client, owner):
    role = Role.objects.create(account=owner.account, name="Sprzedawca")
    shop = factories.department(owner, name="Sklep")
    response = _add_new_user(
        client, owner, "ola@acme.example", role=f"role_{role.pk}", department_ids=[shop.pk]
    )
    assert response.status_code == 201
    assert response.json()["role"] == f"role_{role.pk}"
    assert response.json()["department_ids"] == [shop.pk]
    numeric = _add_new_user(client, owner, "ela@acme.example", role=role.pk)
    assert numeric.json()["role"] == f"role_{role.pk}"


def test_custom_role_of_another_account_is_refused(client, owner, other_owner):
    foreign = Role.objects.create(account=other_owner.account, name="Obcy")
    response = _add_new_user(client, owner, "x@acme.example", role=f"role_{foreign.pk}")
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["role"]


def test_department_of_another_account_is_refused(client, owner, other_owner):
    foreign = factories.department(other_owner, name="Obcy dział")
    response = _add_new_user(client, owner, "x@acme.example", department_ids=[foreign.pk])
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["department_ids"]
    assert not Membership.objects.filter(user__email="x@acme.example").exists()


@pytest.mark.parametrize("role", ["owner", "superuser", "role_x"])
def test_roles_outside_the_allowed_set_are_refused(client, owner, role):
    response = _add_new_user(client, owner, "x@acme.example", role=role)
    assert response.status_code == 422
    assert "member, admin, accountant" in response.json()["message"]["role"][0]


def test_a_member_may_not_add_users(client, owner):
    member = factories.member(owner)
    response = _add_user(client, member, invite=False, email="x@acme.example", password="Pass12345")
    assert response.status_code == 403


def test_add_user_without_the_user_object_answers_422_naming_it(client, owner):
    response = _post(client, "/account/add_user.json", {"api_token": owner.api_token})
    assert response.status_code == 422
    assert "user" in response.json()["message"]
