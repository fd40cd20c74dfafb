import base64
import json

import pytest

from faktura.accounts import services
from faktura.tests import factories

pytestmark = pytest.mark.django_db


def _basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


def _prefix_of(response) -> str:
    return response.json()["prefix"]


def test_api_token_as_query_parameter_authenticates(client, owner):
    response = client.get(f"/account.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert _prefix_of(response) == "acme"


def test_api_token_as_top_level_json_body_key_authenticates(client, owner):
    response = client.post(
        "/departments.json",
        data=json.dumps({"api_token": owner.api_token, "department": {"name": "Sklep"}}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Sklep"


def test_api_token_as_form_field_authenticates(client, owner):
    response = client.post(
        "/departments.json",
        data=f"api_token={owner.api_token}&department%5Bname%5D=Sklep",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Sklep"


def test_bearer_token_authenticates(client, owner):
    response = client.get("/account.json", HTTP_AUTHORIZATION=f"Bearer {owner.api_token}")
    assert response.status_code == 200
    assert _prefix_of(response) == "acme"


def test_http_basic_with_login_authenticates(client, owner):
    response = client.get(
        "/account.xml", HTTP_AUTHORIZATION=_basic("acme-owner", factories.PASSWORD)
    )
    assert response.status_code == 200
    assert b"<prefix>acme</prefix>" in response.content


def test_http_basic_with_email_authenticates(client, owner):
    response = client.get(
        "/account.json", HTTP_AUTHORIZATION=_basic("owner@acme.example", factories.PASSWORD)
    )
    assert response.status_code == 200
    assert _prefix_of(response) == "acme"


def test_http_basic_with_wrong_password_is_refused(client, owner):
    response = client.get("/account.json", HTTP_AUTHORIZATION=_basic("acme-owner", "wrong"))
    assert response.status_code == 401
    assert response.json() == {
        "code": "error",
        "message": "You must be logged in to gain access to the site",
    }


def test_token_with_its_account_prefix_authenticates(client, owner):
    response = client.get(f"/account.json?api_token={owner.api_token}/acme")
    assert response.status_code == 200
    assert _prefix_of(response) == "acme"


def test_token_with_another_accounts_prefix_is_refused(client, owner, other_owner):
    response = client.get(f"/account.json?api_token={owner.api_token}/globex")
    assert response.status_code == 401


def test_missing_credentials_answer_401_in_json(client, owner):
    response = client.get("/account.json")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "error"


def test_wrong_token_answers_401_in_xml_for_xml_calls(client, owner):
    response = client.get("/account.xml?api_token=nonsense")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/xml")
    assert b"<code>error</code>" in response.content
    assert b"You must be logged in to gain access to the site" in response.content


def test_host_naming_the_tokens_account_is_accepted(owner):
    from django.test import Client

    response = Client(HTTP_HOST="acme.faktura.test").get(
        f"/account.json?api_token={owner.api_token}"
    )
    assert response.status_code == 200


def test_host_naming_another_account_refuses_the_token(owner, other_owner):
    from django.test import Client

    response = Client(HTTP_HOST="globex.faktura.test").get(
        f"/account.json?api_token={owner.api_token}"
    )
    assert response.status_code == 401
    assert "globex" in response.json()["message"]


def test_regenerated_token_replaces_the_old_one(client, owner):
    old = owner.api_token
    new = services.api_token_regenerate(membership=owner)
    assert new != old
    assert client.get(f"/account.json?api_token={old}").status_code == 401
    assert client.get(f"/account.json?api_token={new}").status_code == 200


def test_token_of_a_deactivated_user_is_refused(client, owner):
    owner.user.is_active = False
    owner.user.save()
    assert client.get(f"/account.json?api_token={owner.api_token}").status_code == 401


def test_rate_limit_answers_429_with_retry_after(client, owner, settings):
    settings.FAKTURA_API_RATE_LIMIT_PER_MINUTE = 3
    codes = [client.get(f"/account.json?api_token={owner.api_token}").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get(f"/account.json?api_token={owner.api_token}")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["code"] == "error"


def test_rate_limit_counts_each_token_separately(client, owner, other_owner, settings):
    settings.FAKTURA_API_RATE_LIMIT_PER_MINUTE = 1
    assert client.get(f"/account.json?api_token={owner.api_token}").status_code == 200
    assert client.get(f"/account.json?api_token={owner.api_token}").status_code == 429
    assert client.get(f"/account.json?api_token={other_owner.api_token}").status_code == 200
