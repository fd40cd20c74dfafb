"""Accounting offices: a company links its account to its office, whose users then read
it through the API (never change it); the office unlinks accounts as the reference shows."""

import json

import pytest
from django.test import Client

from faktura.accounts.models import AccountingLink
from faktura.invoicing.tests import factories_invoices
from faktura.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return factories.account(prefix="biuro")


def _call(method: str, path: str, membership, host="app.faktura.test", **body):
    client = Client(HTTP_HOST=host)
    data = json.dumps({"api_token": membership.api_token, **body})
    return getattr(client, method)(path, data=data, content_type="application/json")


def test_a_linked_office_reads_the_company_and_changes_nothing(owner, office):
    invoice = factories_invoices.numbered_invoice(owner)
    before = Client(HTTP_HOST="acme.faktura.test").get(
        "/invoices.json", {"api_token": office.api_token}
    )
    assert before.status_code == 401
    assert _call("post", "/account/link.json", owner, prefix="biuro").status_code == 201
    reader = Client(HTTP_HOST="acme.faktura.test")
    listed = reader.get("/invoices.json", {"api_token": office.api_token})
    assert [i["id"] for i in listed.json()] == [invoice.pk]
    refused = _call(
        "post", "/invoices.json", office, host="acme.faktura.test", invoice={"buyer_name": "X"}
    )
    assert refused.status_code == 403
    # Another account's host stays closed to the office.
    other = factories.account(prefix="inna")
    assert (
        Client(HTTP_HOST="inna.faktura.test")
        .get("/invoices.json", {"api_token": office.api_token})
        .status_code
        == 401
    )
    del other


def test_linking_is_for_the_companys_admins_and_known_offices(owner, office):
    member = factories.member(owner)
    assert _call("post", "/account/link.json", member, prefix="biuro").status_code == 403
    unknown = _call("post", "/account/link.json", owner, prefix="nie-ma")
    assert unknown.status_code == 422
    assert "prefix" in json.dumps(unknown.json())
    _call("post", "/account/link.json", owner, prefix="biuro")
    assert _call("post", "/account/link.json", owner, prefix="biuro").status_code == 422
    assert AccountingLink.objects.count() == 1


def test_unlink_one_or_a_list_as_the_reference_answers(owner, office):
    second = factories.account(prefix="druga")
    for company in (owner, second):
        _call("post", "/account/link.json", company, prefix="biuro")
    response = _call("patch", "/account/unlink.json", office, prefix=["acme", "druga", "trzecia"])
    assert response.status_code == 200
    assert response.json() == {
        "code": "success",
        "message": "Konta odłączone",
        "result": {"unlinked": ["acme", "druga"], "not_unlinked": ["trzecia"]},
    }
    nothing = _call("patch", "/account/unlink.json", office, prefix="acme")
    assert nothing.status_code == 422
    assert nothing.json() == {
        "code": "error",
        "message": "Brak kont do odłączenia",
        "result": {"not_unlinked": ["acme"]},
    }
    assert not AccountingLink.objects.exists()
    assert (
        Client(HTTP_HOST="acme.faktura.test")
        .get("/invoices.json", {"api_token": office.api_token})
        .status_code
        == 401
    )
