"""Whatever a client sends to the bank accounts, the answer is never a 5xx (property-based)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faktura.catalog.models import BankAccount

pytestmark = pytest.mark.django_db

NO_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["PL61 1090 1014 0000 0712 1981 2874", "61109010140000071219812874"])
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children)
    ),
    max_leaves=8,
)
fields = st.sampled_from(
    [
        "name",
        "bank_name",
        "bank_account_number",
        "bank_currency",
        "bank_swift",
        "account_description",
        "own_bank_account",
        "own_bank_account_type",
        "factor_bank_account",
        "bank_account_version_departments",
    ]
)
link_fields = st.sampled_from(["department_id", "show_on_invoice", "main_on_department", "remove"])
links = st.lists(st.dictionaries(link_fields, scalars, max_size=4), max_size=3)


@settings(max_examples=80, deadline=None, suppress_health_check=NO_HEALTH)
@given(bank_account=st.dictionaries(fields, values, max_size=5), version_departments=links)
def test_any_json_body_to_bank_accounts_is_answered_without_a_5xx(
    client, owner, bank_account, version_departments
):
    body = {
        "api_token": owner.api_token,
        "bank_account": {**bank_account, "bank_account_version_departments": version_departments},
    }
    response = client.post(
        "/bank_accounts.json", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (201, 400, 422), response.content
    if response.status_code != 201:
        assert not BankAccount.objects.filter(account=owner.account).exists()
    BankAccount.objects.filter(account=owner.account).delete()


def test_a_department_id_too_large_to_exist_is_a_missing_department(client, owner):
    body = {
        "api_token": owner.api_token,
        "bank_account": {
            "bank_account_number": "DE89 3704 0044 0532 0130 00",
            "bank_account_version_departments": [{"department_id": 10**30}],
        },
    }
    response = client.post(
        "/bank_accounts.json", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["bank_account_version_departments"]


def test_a_list_filter_by_a_department_id_too_large_to_exist_is_empty(client, owner):
    response = client.get(f"/bank_accounts.json?api_token={owner.api_token}&department_id={10**30}")
    assert response.status_code == 200
    assert response.json() == []
