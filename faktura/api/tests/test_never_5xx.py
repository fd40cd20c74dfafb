"""Whatever a client sends, the answer is never a 5xx (property-based)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(["name", "main", "city", "prefix", "email", "password", "x", ""])
form_keys = st.text(alphabet="ab[]0_", min_size=1, max_size=12)

NO_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=60, deadline=None, suppress_health_check=NO_HEALTH)
@given(wrapper=json_values, extra=st.dictionaries(field_names, json_values, max_size=3))
def test_any_json_body_to_departments(client, owner, wrapper, extra):
    body = {"api_token": owner.api_token, "department": wrapper, **extra}
    response = client.post(
        "/departments.json", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code < 500, response.content


@settings(max_examples=60, deadline=None, suppress_health_check=NO_HEALTH)
@given(account=json_values, user=json_values, company=json_values)
def test_any_json_body_to_account_create(client, account, user, company):
    body = {"integration_token": "", "account": account, "user": user, "company": company}
    response = client.post("/account.json", data=json.dumps(body), content_type="application/json")
    assert response.status_code < 500, response.content


@settings(max_examples=60, deadline=None, suppress_health_check=NO_HEALTH)
@given(pairs=st.lists(st.tuples(form_keys, st.text(max_size=8)), max_size=6))
def test_any_form_body(client, owner, pairs):
    from urllib.parse import urlencode

    form = urlencode([("api_token", owner.api_token), *pairs])
    response = client.post(
        "/departments.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500, response.content


@settings(max_examples=60, deadline=None, suppress_health_check=NO_HEALTH)
@given(query=st.lists(st.tuples(form_keys, st.text(max_size=8)), max_size=6))
def test_any_query_to_a_list(client, owner, query):
    from urllib.parse import urlencode

    response = client.get(f"/departments.json?api_token={owner.api_token}&{urlencode(query)}")
    assert response.status_code < 500, response.content


@settings(max_examples=60, deadline=None, suppress_health_check=NO_HEALTH)
@given(body=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_xml_body(client, owner, body):
    response = client.post(
        f"/departments.xml?api_token={owner.api_token}", data=body, content_type="application/xml"
    )
    assert response.status_code < 500, response.content
