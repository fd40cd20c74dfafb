"""An account's invoicing settings, through the service and the `invoice_settings` command."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from faktura.errors import Invalid
from faktura.invoicing.services.settings import invoicing_settings, invoicing_settings_update

pytestmark = pytest.mark.django_db


def _issue(client, owner, **fields) -> dict:
    invoice = {
        "issue_date": "2026-11-22",
        "buyer_name": "Klient1",
        "positions": [{"name": "A", "tax": 23, "price_net": 10}],
        **fields,
    }
    response = client.post(
        "/invoices.json",
        data=json.dumps({"api_token": owner.api_token, "invoice": invoice}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def _command(*args) -> dict:
    out = StringIO()
    call_command("invoice_settings", *args, stdout=out)
    return json.loads(out.getvalue())


def test_a_pattern_set_by_the_command_numbers_the_next_invoices(client, owner):
    assert _issue(client, owner)["number"] == "1/11/2026"
    shown = _command("--prefix", "acme", "--pattern", "vat=FV/nr/yyyy")
    assert shown["number_patterns"]["vat"] == "FV/nr/yyyy"
    assert shown["number_patterns"]["proforma"] == "Pnr-m/mm/yyyy"
    # A new pattern starts its own counter.
    assert _issue(client, owner)["number"] == "FV/1/2026"
    assert _issue(client, owner)["number"] == "FV/2/2026"
    _command("--prefix", "acme", "--pattern", "vat=")
    assert _issue(client, owner)["number"] == "2/11/2026"


@pytest.mark.parametrize(
    ("pattern", "field"),
    [
        ("vat=FV/yyyy", "number_patterns.vat"),  # no counter
        ("vat=FV/nr-m/yyyy", "number_patterns.vat"),  # a monthly counter without the month
        ("invoice=nr/yyyy", "number_patterns"),  # no such kind
    ],
)
def test_bad_patterns_are_refused_and_nothing_changes(owner, pattern, field):
    with pytest.raises(CommandError, match=field):
        _command("--prefix", "acme", "--pattern", pattern)
    assert invoicing_settings(account=owner.account)["number_patterns"]["vat"] == "nr-m/mm/yyyy"


def test_numbering_per_department(client, owner):
    from faktura.catalog.models import Department

    other = Department.objects.create(account=owner.account, name="Oddział", shortcut="ODD")
    _command("--prefix", "acme", "--per-department", "yes")
    assert _issue(client, owner)["number"] == "1/11/2026"
    assert _issue(client, owner, department_id=other.pk)["number"] == "1/11/2026"
    assert _issue(client, owner, department_id=other.pk)["number"] == "2/11/2026"


def test_default_notes_feed_fill_default_descriptions(client, owner):
    _command("--prefix", "acme", "--default-note", "Uwaga: Dziękujemy", "--default-note", "Zwrot")
    body = client.post(
        "/invoices.json",
        data=json.dumps(
            {
                "api_token": owner.api_token,
                "fill_default_descriptions": True,
                "invoice": {"buyer_name": "X", "positions": [{"name": "A", "price_net": 1}]},
            }
        ),
        content_type="application/json",
    ).json()
    assert body["description"] == "Dziękujemy"
    notes = owner.account.invoice_set.get(pk=body["id"]).descriptions.values_list("kind", "content")
    assert list(notes) == [("Uwaga", "Dziękujemy"), ("Uwaga", "Zwrot")]


def test_bad_default_notes_are_refused(owner):
    with pytest.raises(Invalid) as raised:
        invoicing_settings_update(
            account=owner.account,
            data={"default_descriptions": [{"kind": "Uwaga", "content": "🙂"}, "text"]},
        )
    assert set(raised.value.errors) == {"default_descriptions", "default_descriptions.0.content"}
    assert invoicing_settings(account=owner.account)["default_descriptions"] == []


def test_an_unknown_account_is_a_command_error(db):
    with pytest.raises(CommandError, match="no account"):
        _command("--prefix", "nobody")


def test_negative_stock_is_allowed_by_the_command(owner):
    from faktura.warehouse.services.stock import negative_stock_allowed

    assert _command("--prefix", "acme")["allow_negative_stock"] is False
    assert _command("--prefix", "acme", "--allow-negative-stock", "yes")["allow_negative_stock"]
    owner.account.refresh_from_db()
    assert negative_stock_allowed(owner.account)


def test_the_printed_signature_fields_are_set_by_the_command(owner):
    assert _command("--prefix", "acme")["print_signatures"] == ["seller", "buyer"]
    assert _command("--prefix", "acme", "--print-signatures", "seller")["print_signatures"] == [
        "seller"
    ]
    assert _command("--prefix", "acme", "--print-signatures", "none")["print_signatures"] == []
    with pytest.raises(CommandError, match="print_signatures"):
        _command("--prefix", "acme", "--print-signatures", "notary")
