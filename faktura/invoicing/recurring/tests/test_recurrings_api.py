"""/recurrings.json: the reference's create and update examples, refusals naming the
field, another account's rows out of reach."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from faktura.invoicing.recurring.models import Recurring
from faktura.invoicing.recurring.services import recurring_issue_due
from faktura.invoicing.tests import factories_invoices

pytestmark = pytest.mark.django_db


def _send(client, method: str, path: str, owner, recurring: dict):
    body = json.dumps({"api_token": owner.api_token, "recurring": recurring})
    return getattr(client, method)(path, data=body, content_type="application/json")


@pytest.fixture
def template(owner):
    return factories_invoices.numbered_invoice(owner)


def test_the_references_create_example(client, owner, template):
    response = _send(
        client,
        "post",
        "/recurrings.json",
        owner,
        {
            "name": "Nazwa cyklicznosci",
            "invoice_id": template.pk,
            "start_date": "2016-01-01",
            "every": "1m",
            "issue_working_day_only": False,
            "send_email": True,
            "buyer_email": "mail1@mail.pl, mail2@mail.pl",
            "end_date": "null",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Nazwa cyklicznosci"
    assert body["invoice_id"] == template.pk
    assert (body["start_date"], body["end_date"], body["every"]) == ("2016-01-01", None, "1m")
    assert body["buyer_email"] == "mail1@mail.pl, mail2@mail.pl"
    assert (body["send_email"], body["issue_working_day_only"]) == (True, False)
    assert body["state"] == "active"
    # Periods before the definition existed were never due: the next is the first to come.
    today = timezone.localdate()
    first = today.replace(day=1)
    expected = first if first >= today else (first + dt.timedelta(days=32)).replace(day=1)
    assert body["next_invoice_date"] == expected.isoformat()
    assert body["invoice_ids"] == []


def test_the_references_update_example_and_the_list(client, owner, template):
    recurring = _send(
        client,
        "post",
        "/recurrings.json",
        owner,
        {"name": "Najem", "invoice_id": template.pk, "every": "1m"},
    ).json()
    response = _send(
        client,
        "put",
        f"/recurrings/{recurring['id']}.json",
        owner,
        {"next_invoice_date": "2027-02-01"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["next_invoice_date"] == "2027-02-01"
    listed = client.get("/recurrings.json", {"api_token": owner.api_token}).json()
    assert [(row["id"], row["next_invoice_date"]) for row in listed] == [
        (recurring["id"], "2027-02-01")
    ]
    shown = client.get(f"/recurrings/{recurring['id']}.json", {"api_token": owner.api_token})
    assert shown.json()["name"] == "Najem"
    paused = _send(client, "patch", f"/recurrings/{recurring['id']}.json", owner, {"active": False})
    assert paused.json()["state"] == "paused"
    deleted = client.delete(f"/recurrings/{recurring['id']}.json?api_token={owner.api_token}")
    assert deleted.status_code == 200
    assert not Recurring.objects.exists()
    template.refresh_from_db()  # the template stays


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"every": "monthly"}, "every"),
        ({"every": "0m"}, "every"),
        ({"name": ""}, "name"),
        ({"invoice_id": None}, "invoice_id"),
        ({"invoice_id": 99999999}, "invoice_id"),
        ({"start_date": "2026-05-01", "end_date": "2026-04-30"}, "end_date"),
        ({"buyer_email": "kupiec@example.com, nie-adres"}, "buyer_email"),
        ({"state": "finished"}, "state"),
        ({"start_date": "31.01.2026"}, "start_date"),
        ({"start_date": "9999-12-15"}, "start_date"),
        ({"start_date": "1999-12-31"}, "start_date"),
        ({"end_date": "3000-01-01"}, "end_date"),
        ({"next_invoice_date": "9999-12-31"}, "next_invoice_date"),
    ],
)
def test_bad_definitions_are_refused_naming_the_field(client, owner, template, fields, field):
    recurring = {"name": "Abonament", "invoice_id": template.pk, "every": "1m", **fields}
    response = _send(client, "post", "/recurrings.json", owner, recurring)
    assert response.status_code in (400, 422), response.content
    assert field in json.dumps(response.json())
    assert not Recurring.objects.exists()


def test_a_cancelled_invoice_or_another_accounts_is_no_template(client, owner, other_owner):
    cancelled = factories_invoices.numbered_invoice(owner, cancelled=True)
    foreign = factories_invoices.numbered_invoice(other_owner)
    for invoice in (cancelled, foreign):
        recurring = {"name": "Abonament", "invoice_id": invoice.pk, "every": "1m"}
        response = _send(client, "post", "/recurrings.json", owner, recurring)
        assert response.status_code == 422
        assert "invoice_id" in response.json()["message"]
    assert not Recurring.objects.exists()


def test_a_refused_change_changes_nothing(client, owner, template):
    created = _send(
        client,
        "post",
        "/recurrings.json",
        owner,
        {"name": "Abonament", "invoice_id": template.pk, "every": "1m"},
    ).json()
    refused = _send(
        client,
        "put",
        f"/recurrings/{created['id']}.json",
        owner,
        {"name": "Nowa nazwa", "every": "co miesiąc"},
    )
    assert refused.status_code == 422
    recurring = Recurring.objects.get()
    assert (recurring.name, recurring.every) == ("Abonament", "1m")


def test_the_invoices_issued_are_listed_and_carry_the_recurring_id(client, owner, template):
    created = _send(
        client,
        "post",
        "/recurrings.json",
        owner,
        {"name": "Abonament", "invoice_id": template.pk, "every": "1d"},
    ).json()
    (invoice,) = recurring_issue_due(today=timezone.localdate())
    shown = client.get(f"/recurrings/{created['id']}.json", {"api_token": owner.api_token}).json()
    assert shown["invoice_ids"] == [invoice.pk]
    assert shown["invoices_count"] == 1
    body = client.get(f"/invoices/{invoice.pk}.json", {"api_token": owner.api_token}).json()
    assert body["recurring_id"] == created["id"]
