"""Whatever a client sends to the clients resource, the answer is never a 5xx."""

import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faktura.catalog.tests.factories_clients import make_client

pytestmark = pytest.mark.django_db

NO_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["", "0", "1", "off", "2022-12-31", "5252445767", "PL", "1e999", "-1"])
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children)
    ),
    max_leaves=6,
)
fields = st.sampled_from(
    [
        "name",
        "company",
        "last_name",
        "tax_no",
        "country",
        "tax_no_kind",
        "tag_list",
        "kind",
        "category_id",
        "price_list_id",
        "buyer_id",
        "discount",
        "default_tax",
        "payment_to_kind",
        "shortcut",
        "disable_tax_no_validation",
    ]
)


@settings(max_examples=80, deadline=None, suppress_health_check=NO_HEALTH)
@given(data=st.dictionaries(fields, values, max_size=5))
def test_any_json_client_to_create_and_update(client, owner, data):
    body = json.dumps({"api_token": owner.api_token, "client": data})
    created = client.post("/clients.json", data=body, content_type="application/json")
    assert created.status_code < 500, created.content
    target = make_client(owner, "Cel")
    updated = client.patch(f"/clients/{target.pk}.json", data=body, content_type="application/json")
    assert updated.status_code < 500, updated.content


@settings(max_examples=60, deadline=None, suppress_health_check=NO_HEALTH)
@given(
    query=st.lists(
        st.tuples(
            st.sampled_from(["name", "email", "tax_no", "tag", "tags[]", "external_id", "page"]),
            st.text(max_size=12),
        ),
        max_size=4,
    )
)
def test_any_search_query(client, owner, query):
    response = client.get(f"/clients.json?api_token={owner.api_token}&{urlencode(query)}")
    assert response.status_code < 500, response.content
