"""POST /invoices/{id}/change_status.json and POST /invoices/cancel.json."""

import datetime as dt
import json
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from faktura.invoicing.models import Invoice, SettlementPosition
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db

ALLOWED = "issued, sent, paid, partial, rejected"


@pytest.fixture(autouse=True)
def _english(owner):
    owner.account.lang = "en"
    owner.account.save(update_fields=["lang"])


def _change_status(client, owner, invoice_id, status=None, fmt="json", body=None):
    query = {"api_token": owner.api_token}
    if status is not None:
        query["status"] = status
    path = f"/invoices/{invoice_id}/change_status.{fmt}?{urlencode(query)}"
    if body is None:
        return client.post(path)
    return client.post(path, data=json.dumps(body), content_type="application/json")


def _cancel(client, owner, **fields):
    body = {"api_token": owner.api_token, **fields}
    return client.post(
        "/invoices/cancel.json", data=json.dumps(body), content_type="application/json"
    )


def _unchanged(invoice: Invoice) -> tuple:
    invoice.refresh_from_db()
    return invoice.status, invoice.paid, invoice.paid_date, invoice.kind, invoice.cancelled


# change_status


@pytest.mark.parametrize("status", ["issued", "sent", "partial", "rejected"])
def test_a_status_is_set_and_answered_with_a_success_envelope(client, owner, status):
    invoice = factories.invoice(owner, status="paid" if status == "issued" else "issued")
    response = _change_status(client, owner, invoice.pk, status)
    assert response.status_code == 200
    assert response.json() == {
        "code": "success",
        "message": "The invoice's status was changed",
        "id": invoice.pk,
        "status": status,
    }
    invoice.refresh_from_db()
    assert invoice.status == status


def test_paid_records_the_gross_total_as_paid_today(client, owner):
    invoice = factories.invoice(owner, lines=[factories.line(price_net="276.42")])
    # 276.42 net at 23%: 63.5766 tax, rounded to 63.58; gross 340.00.
    assert invoice.price_gross == Decimal("340.00")
    response = _change_status(client, owner, invoice.pk, "paid")
    assert response.json()["status"] == "paid"
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid, invoice.paid_date) == (
        "paid",
        Decimal("340.00"),
        timezone.localdate(),
    )


def test_paid_keeps_a_payment_date_already_recorded(client, owner):
    earlier = timezone.localdate() - dt.timedelta(days=3)
    invoice = factories.invoice(owner, status="partial", paid=Decimal("50"), paid_date=earlier)
    _change_status(client, owner, invoice.pk, "paid")
    invoice.refresh_from_db()
    assert (invoice.paid, invoice.paid_date) == (Decimal("123.00"), earlier)


def test_paid_with_settlement_positions_records_the_amount_due(client, owner):
    invoice = factories.invoice(owner)  # 123.00 gross
    for kind, amount in (("charge", "100.00"), ("charge", "50.00"), ("deduction", "30.00")):
        SettlementPosition.objects.create(
            account=owner.account, invoice=invoice, kind=kind, amount=Decimal(amount), reason="R"
        )
    _change_status(client, owner, invoice.pk, "paid")
    invoice.refresh_from_db()
    # 123.00 + 100.00 + 50.00 - 30.00
    assert invoice.paid == Decimal("243.00")


def test_paid_on_an_advance_invoice_ignores_settlement_positions(client, owner):
    invoice = factories.invoice(owner, kind="advance")
    SettlementPosition.objects.create(
        account=owner.account, invoice=invoice, kind="charge", amount=Decimal("10"), reason="R"
    )
    _change_status(client, owner, invoice.pk, "paid")
    invoice.refresh_from_db()
    assert invoice.paid == Decimal("123.00")


def test_another_status_keeps_the_recorded_payment(client, owner):
    day = timezone.localdate() - dt.timedelta(days=1)
    invoice = factories.invoice(owner, status="paid", paid=Decimal("123.00"), paid_date=day)
    _change_status(client, owner, invoice.pk, "sent")
    assert _unchanged(invoice) == ("sent", Decimal("123.00"), day, "vat", False)


def test_the_status_may_come_in_the_body(client, owner):
    invoice = factories.invoice(owner)
    response = _change_status(client, owner, invoice.pk, body={"status": "sent"})
    assert response.status_code == 200
    assert response.json()["status"] == "sent"


def test_the_query_status_wins_over_the_body(client, owner):
    invoice = factories.invoice(owner)
    response = _change_status(client, owner, invoice.pk, "rejected", body={"status": "sent"})
    assert response.json()["status"] == "rejected"


def test_an_unknown_status_is_a_400_naming_the_allowed_ones_and_changes_nothing(client, owner):
    invoice = factories.invoice(owner)
    response = _change_status(client, owner, invoice.pk, "done")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "error"
    assert body["message"] == f"Invalid parameter status: must be one of: {ALLOWED}; got 'done'"
    assert _unchanged(invoice) == ("issued", Decimal("0.00"), None, "vat", False)


def test_a_missing_status_is_a_400(client, owner):
    invoice = factories.invoice(owner)
    response = _change_status(client, owner, invoice.pk)
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Invalid parameter status: must be one of: {ALLOWED}; got None"
    )


def test_a_cancelled_invoices_status_cannot_change(client, owner):
    invoice = factories.invoice(owner, kind="canceled", cancelled=True)
    response = _change_status(client, owner, invoice.pk, "paid")
    assert response.status_code == 422
    assert response.json() == {
        "code": "error",
        "message": {"status": ["cannot be changed: the invoice is cancelled"]},
    }
    assert _unchanged(invoice) == ("issued", Decimal("0.00"), None, "canceled", True)


def test_another_accounts_invoice_is_not_found_and_keeps_its_status(client, owner, other_owner):
    foreign = factories.invoice(other_owner)
    response = _change_status(client, owner, foreign.pk, "paid")
    assert response.status_code == 404
    assert _unchanged(foreign) == ("issued", Decimal("0.00"), None, "vat", False)


def test_change_status_answers_xml_when_asked(client, owner):
    invoice = factories.invoice(owner)
    response = _change_status(client, owner, invoice.pk, "sent", fmt="xml")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<hash>')
    assert "<code>success</code>" in text
    assert "<status>sent</status>" in text


def test_change_status_takes_a_rails_form_body(client, owner):
    invoice = factories.invoice(owner)
    response = client.post(
        f"/invoices/{invoice.pk}/change_status.json",
        data=urlencode({"api_token": owner.api_token, "status": "partial"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert _unchanged(invoice)[0] == "partial"


# cancel


def test_cancelling_marks_the_invoice_cancelled_with_its_reason(client, owner):
    invoice = factories.invoice(owner, number="7/11/2026")
    response = _cancel(
        client, owner, cancel_invoice_id=invoice.pk, cancel_reason="Powód anulowania"
    )
    assert response.status_code == 200
    assert response.json() == {"code": "success", "message": "The invoice was cancelled"}
    invoice.refresh_from_db()
    assert (invoice.cancelled, invoice.kind, invoice.cancel_reason, invoice.number) == (
        True,
        "canceled",
        "Powód anulowania",
        "7/11/2026",
    )


def test_a_cancelled_invoice_reads_back_with_kind_canceled_and_its_reason(client, owner):
    invoice = factories.invoice(owner)
    _cancel(client, owner, cancel_invoice_id=invoice.pk, cancel_reason="Duplikat")
    query = urlencode({"api_token": owner.api_token, "additional_fields[invoice]": "cancel_reason"})
    body = client.get(f"/invoices/{invoice.pk}.json?{query}").json()
    assert (body["kind"], body["cancelled"], body["cancel_reason"]) == (
        "canceled",
        True,
        "Duplikat",
    )


def test_the_reason_is_optional(client, owner):
    invoice = factories.invoice(owner)
    response = _cancel(client, owner, cancel_invoice_id=str(invoice.pk))
    assert response.status_code == 200
    invoice.refresh_from_db()
    assert (invoice.cancelled, invoice.cancel_reason) == (True, "")


def test_cancel_takes_its_parameters_from_the_query_too(client, owner):
    invoice = factories.invoice(owner)
    query = urlencode(
        {"api_token": owner.api_token, "cancel_invoice_id": invoice.pk, "cancel_reason": "Q"}
    )
    response = client.post(f"/invoices/cancel.json?{query}")
    assert response.status_code == 200
    invoice.refresh_from_db()
    assert (invoice.cancelled, invoice.cancel_reason) == (True, "Q")


def test_cancel_takes_a_rails_form_body(client, owner):
    invoice = factories.invoice(owner)
    response = client.post(
        "/invoices/cancel.json",
        data=urlencode(
            {"api_token": owner.api_token, "cancel_invoice_id": invoice.pk, "cancel_reason": "F"}
        ),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    invoice.refresh_from_db()
    assert (invoice.kind, invoice.cancel_reason) == ("canceled", "F")


def test_cancel_takes_an_xml_body_and_answers_xml(client, owner):
    invoice = factories.invoice(owner)
    body = (
        "<hash>"
        f"<api_token>{owner.api_token}</api_token>"
        f'<cancel_invoice_id type="integer">{invoice.pk}</cancel_invoice_id>'
        "<cancel_reason>Błąd</cancel_reason>"
        "</hash>"
    )
    response = client.post("/invoices/cancel.xml", data=body, content_type="application/xml")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<code>success</code>" in text
    assert "<message>The invoice was cancelled</message>" in text
    invoice.refresh_from_db()
    assert (invoice.cancelled, invoice.cancel_reason) == (True, "Błąd")


def test_cancelling_twice_is_a_422(client, owner):
    invoice = factories.invoice(owner)
    assert (
        _cancel(client, owner, cancel_invoice_id=invoice.pk, cancel_reason="A").status_code == 200
    )
    response = _cancel(client, owner, cancel_invoice_id=invoice.pk, cancel_reason="B")
    assert response.status_code == 422
    assert response.json() == {
        "code": "error",
        "message": {"cancel_invoice_id": ["the invoice is already cancelled"]},
    }
    invoice.refresh_from_db()
    assert invoice.cancel_reason == "A"


def test_cancelling_another_accounts_invoice_is_not_found_and_changes_nothing(
    client, owner, other_owner
):
    foreign = factories.invoice(other_owner)
    response = _cancel(client, owner, cancel_invoice_id=foreign.pk, cancel_reason="X")
    assert response.status_code == 404
    assert response.json()["message"] == "Not found"
    assert _unchanged(foreign) == ("issued", Decimal("0.00"), None, "vat", False)


@pytest.mark.parametrize("missing_id", [999_999, 0, 2**64, "9" * 5000])
def test_cancelling_a_missing_invoice_is_not_found(client, owner, missing_id):
    assert _cancel(client, owner, cancel_invoice_id=missing_id).status_code == 404


def test_cancel_without_an_id_is_a_400(client, owner):
    response = _cancel(client, owner, cancel_reason="X")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invalid parameter cancel_invoice_id: is required: the id of the invoice to cancel"
    )


@pytest.mark.parametrize("bad_id", ["abc", "1.5", "-3"])
def test_cancel_with_an_id_that_is_not_a_number_is_a_400(client, owner, bad_id):
    response = _cancel(client, owner, cancel_invoice_id=bad_id)
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invalid parameter cancel_invoice_id: must be the id of an invoice (a whole number), "
        f"got {bad_id!r}"
    )
