"""Whatever a client sends to the delivery calls, the answer is never a 5xx (property-based)."""

import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
SEND_KEYS = ["email_to", "email_cc", "email_pdf", "print_option", "update_buyer_email"]
DELIVER_KEYS = ["id", "type", "doc_type", "recipient"]
NO_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


@settings(max_examples=40, deadline=None, suppress_health_check=NO_HEALTH)
@given(params=st.dictionaries(st.sampled_from(SEND_KEYS), values, max_size=5))
def test_any_body_to_send_by_email(client, owner, params):
    invoice = factories.numbered_invoice(owner)
    response = client.post(
        f"/invoices/{invoice.id}/send_by_email.json",
        data=json.dumps({"api_token": owner.api_token, **params}),
        content_type="application/json",
    )
    assert response.status_code < 500, response.content


@settings(max_examples=40, deadline=None, suppress_health_check=NO_HEALTH)
@given(params=st.dictionaries(st.sampled_from(DELIVER_KEYS), values, max_size=4))
def test_any_body_to_deliver(client, owner, params):
    response = client.post(
        "/api/v2/invoices/deliver.json",
        data=json.dumps({"api_token": owner.api_token, **params}),
        content_type="application/json",
    )
    assert response.status_code < 500, response.content


@settings(max_examples=40, deadline=None, suppress_health_check=NO_HEALTH)
@given(pairs=st.lists(st.tuples(st.sampled_from(DELIVER_KEYS), st.text(max_size=12)), max_size=5))
def test_any_query_to_deliver(client, owner, pairs):
    query = urlencode([("api_token", owner.api_token), *pairs])
    response = client.get(f"/api/v2/invoices/deliver.xml?{query}")
    assert response.status_code < 500, response.content
