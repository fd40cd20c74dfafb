"""GET /account/users.json: the account's users with login, e-mail and role, for a partner
to pair its own users with them; another account's users never appear."""

import pytest

from faktura.tests import factories

pytestmark = pytest.mark.django_db


def test_the_accounts_users_with_their_roles(client, owner, other_owner):
    accountant = factories.member(owner, role="accountant", email="ksiegowa@example.com")
    north = factories.department(owner, "Północ")
    accountant.departments.add(north)
    response = client.get("/account/users.json", {"api_token": owner.api_token})
    assert response.status_code == 200
    users = {user["login"]: user for user in response.json()}
    assert set(users) == {owner.user.login, accountant.user.login}
    assert users[owner.user.login]["role"] == "owner"
    assert users[accountant.user.login]["email"] == "ksiegowa@example.com"
    assert users[accountant.user.login]["role"] == "accountant"
    assert users[accountant.user.login]["department_ids"] == [north.pk]
    assert other_owner.user.login not in users
    assert client.get("/account/users.json").status_code == 401
