"""GET|POST /api/v2/invoices/deliver: the other API family's delivery call, as documented."""

import base64
import io
import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from lxml import etree
from pypdf import PdfReader

from faktura.delivery.models import OutgoingEmail, PostalAttempt, PostalLetter
from faktura.events.tests.receiver import Receiver
from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db(transaction=True)

NOT_IN_SET = "One or more parameter's value not in defined set ({}). See documentation."


def deliver(client, owner, query: str, fmt: str = "json"):
    return client.get(f"/api/v2/invoices/deliver.{fmt}?api_token={owner.api_token}&{query}")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def receiver():
    server = Receiver()
    server.start()
    try:
        with override_settings(FAKTURA_POSTAL_URL=server.url, FAKTURA_POSTAL_TOKEN="poczta-123"):
            yield server
    finally:
        server.stop()


def make_letter_due(letter: PostalLetter) -> None:
    past = timezone.now() - timedelta(seconds=1)
    PostalLetter.objects.filter(id=letter.id).update(next_attempt_at=past)
    DBTaskResult.objects.filter(status="READY").update(run_after=past)


def test_mail_delivery_answers_the_invoice_id_and_sends_the_copy(
    client, owner, smtp_server, run_tasks
):
    invoice = factories.numbered_invoice(owner)

    response = deliver(client, owner, f"type=mail&doc_type=KOPIA&id={invoice.id}")
    run_tasks()

    assert response.status_code == 200
    assert response.json() == {"invoice": {"invoice_id": invoice.id}}
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["buyer@example.com"]
    (attachment,) = list(received.message.iter_attachments())
    text = pdf_text(attachment.get_content())
    assert invoice.number in text
    assert "KOPIA" in text
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT


def test_mail_delivery_in_xml(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)

    response = deliver(client, owner, f"type=mail&doc_type=org&id={invoice.id}", fmt="xml")

    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert root.tag == "invoice"
    assert [(child.tag, child.text) for child in root] == [("invoice_id", str(invoice.id))]


def test_recipient_receives_the_invoice_instead_of_the_client(
    client, owner, smtp_server, run_tasks
):
    invoice = factories.numbered_invoice(owner)

    deliver(client, owner, f"type=mail&doc_type=org&id={invoice.id}&recipient=ksiegowa@example.pl")
    run_tasks()

    assert smtp_server.received[0].rcpt_tos == ["ksiegowa@example.pl"]
    invoice.refresh_from_db()
    assert invoice.buyer_email == "buyer@example.com"


def test_post_request_takes_body_parameters(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)

    response = client.post(
        "/api/v2/invoices/deliver.json",
        data=json.dumps(
            {"api_token": owner.api_token, "type": "mail", "doc_type": "org", "id": invoice.id}
        ),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json() == {"invoice": {"invoice_id": invoice.id}}
    assert OutgoingEmail.objects.get().invoice_id == invoice.id


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("type=smail&doc_type=KOPIA&id={id}", "type"),
        ("type=mail&doc_type=kopia&id={id}", "doc_type"),
        ("doc_type=KOPIA&id={id}", "type"),
        ("type=post&id={id}", "doc_type"),
        ("type=mail&doc_type=KOPIA", "id"),
        ("type=mail&doc_type=KOPIA&id=abc", "id"),
        ("type=mail&doc_type=KOPIA&id={id}&recipient=nie-adres", "recipient"),
    ],
)
def test_a_parameter_outside_its_set_is_a_400_naming_it_and_echoing_the_call(
    client, owner, smtp_server, query, name
):
    invoice = factories.numbered_invoice(owner)
    query = query.format(id=invoice.id)

    response = deliver(client, owner, query)

    assert response.status_code == 400
    assert response.json() == {
        "message": NOT_IN_SET.format(name),
        "request": f"/api/v2/invoices/deliver.json?{query}",
    }
    assert OutgoingEmail.objects.count() == 0
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED


def test_the_400_in_xml_is_a_hash_as_documented(client, owner):
    invoice = factories.numbered_invoice(owner)

    response = deliver(client, owner, f"type=mail&doc_type=kopia&id={invoice.id}", fmt="xml")

    assert response.status_code == 400
    root = etree.fromstring(response.content)
    assert root.tag == "hash"
    assert root.findtext("message") == NOT_IN_SET.format("doc_type")
    assert root.findtext("request") == (
        f"/api/v2/invoices/deliver.xml?type=mail&doc_type=kopia&id={invoice.id}"
    )


def test_the_echo_of_a_post_carries_its_body_parameters_but_not_the_token(client, owner):
    response = client.post(
        "/api/v2/invoices/deliver.json?type=smail",
        data=json.dumps({"api_token": owner.api_token, "doc_type": "org", "id": 5}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert (
        response.json()["request"] == "/api/v2/invoices/deliver.json?type=smail&doc_type=org&id=5"
    )


def test_mail_without_any_address_is_refused(client, owner, smtp_server, run_tasks):
    invoice = factories.numbered_invoice(owner, buyer_email="")

    response = deliver(client, owner, f"type=mail&doc_type=org&id={invoice.id}")
    run_tasks()

    assert response.status_code == 422
    body = response.json()
    assert body["message"] == (
        "faktura nie ma adresu e-mail nabywcy (buyer_email): podaj recipient (recipient)."
    )
    assert (
        body["request"] == f"/api/v2/invoices/deliver.json?type=mail&doc_type=org&id={invoice.id}"
    )
    assert smtp_server.received == []
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED


def test_another_accounts_invoice_is_not_found_and_nothing_is_sent(
    client, owner, other_owner, smtp_server, run_tasks
):
    invoice = factories.numbered_invoice(other_owner)

    response = deliver(client, owner, f"type=mail&doc_type=org&id={invoice.id}")
    run_tasks()

    assert response.status_code == 404
    assert response.json()["message"] == "Not found"
    assert smtp_server.received == []
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED


def test_without_credentials_the_call_is_refused(client):
    response = client.get("/api/v2/invoices/deliver.json?type=mail&doc_type=org&id=1")

    assert response.status_code == 401


@override_settings(FAKTURA_POSTAL_URL="")
def test_post_without_a_postal_provider_is_refused_with_a_clear_message(client, owner):
    invoice = factories.numbered_invoice(owner)

    response = deliver(client, owner, f"type=post&doc_type=org&id={invoice.id}")

    assert response.status_code == 422
    assert response.json()["message"] == (
        "wysyłka pocztą wymaga operatora pocztowego, a ten serwer go nie ma "
        "(administrator ustawia FAKTURA_POSTAL_URL) (type)."
    )
    assert PostalLetter.objects.count() == 0
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED


def test_post_hands_the_pdf_and_address_to_the_postal_provider(client, owner, receiver, run_tasks):
    invoice = factories.numbered_invoice(owner)

    response = deliver(client, owner, f"type=post&doc_type=d_kop&id={invoice.id}")
    run_tasks()

    assert response.status_code == 200
    assert response.json() == {"invoice": {"invoice_id": invoice.id}}
    (received,) = receiver.received
    letter = PostalLetter.objects.get()
    assert received.headers["content-type"] == "application/json"
    assert received.headers["authorization"] == "Bearer poczta-123"
    assert received.headers["idempotency-key"] == f"faktura-letter-{letter.id}"
    payload = json.loads(received.body)
    document = payload.pop("document")
    assert payload == {
        "letter_id": letter.id,
        "account": "acme",
        "invoice_id": invoice.id,
        "invoice_number": invoice.number,
        "doc_type": "d_kop",
        "print_option": "duplicate",
        "address": {
            "name": "Klient1 sp. z o.o.",
            "street": "Nowa 44",
            "post_code": "30-314",
            "city": "Kraków",
            "country": "PL",
        },
    }
    assert document["content_type"] == "application/pdf"
    assert document["filename"] == f"Faktura_VAT_{invoice.number.replace('/', '-')}.pdf"
    content = base64.b64decode(document["content_base64"])
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert invoice.number in text
    assert "DUPLIKAT" in text
    letter.refresh_from_db()
    assert (letter.status, letter.attempts, letter.provider_response) == ("sent", 1, "ok")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT
    assert invoice.sent_time is not None


@pytest.mark.parametrize(
    ("doc_type", "print_option", "label"),
    [
        ("org", "original", "ORYGINAŁ"),
        ("KOPIA", "copy", "KOPIA"),
        ("org_kop", "original_and_copy", "KOPIA"),
        ("d_org", "duplicate", "DUPLIKAT"),
    ],
)
def test_each_doc_type_is_printed_as_its_print_option(
    client, owner, receiver, doc_type, print_option, label
):
    invoice = factories.numbered_invoice(owner)

    deliver(client, owner, f"type=post&doc_type={doc_type}&id={invoice.id}")

    letter = PostalLetter.objects.get()
    assert (letter.doc_type, letter.print_option) == (doc_type, print_option)
    assert label in pdf_text(bytes(letter.content))


def test_a_letter_is_retried_until_the_provider_takes_it(client, owner, receiver, run_tasks):
    invoice = factories.numbered_invoice(owner)
    receiver.status = 503

    deliver(client, owner, f"type=post&doc_type=org&id={invoice.id}")
    run_tasks()
    letter = PostalLetter.objects.get()
    assert (letter.status, letter.attempts, letter.last_error) == ("pending", 1, "HTTP 503: ok")
    receiver.status = 201
    make_letter_due(letter)
    run_tasks()

    letter.refresh_from_db()
    assert (letter.status, letter.attempts, letter.last_error) == ("sent", 2, "")
    assert list(PostalAttempt.objects.values_list("ok", "status_code")) == [
        (False, 503),
        (True, 201),
    ]
    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]


def test_a_letter_waits_while_the_provider_is_unreachable(client, owner, receiver, run_tasks):
    invoice = factories.numbered_invoice(owner)
    receiver.stop()

    deliver(client, owner, f"type=post&doc_type=org&id={invoice.id}")
    run_tasks()

    letter = PostalLetter.objects.get()
    assert letter.status == "pending"
    assert letter.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert letter.next_attempt_at > timezone.now()


def test_post_with_an_incomplete_buyer_address_is_refused(client, owner, receiver):
    invoice = factories.numbered_invoice(owner, buyer_street="", buyer_city="")

    response = deliver(client, owner, f"type=post&doc_type=org&id={invoice.id}")

    assert response.status_code == 422
    assert response.json()["message"] == (
        "adres pocztowy nabywcy jest niepełny: brakuje buyer_street, buyer_city (address)."
    )
    assert PostalLetter.objects.count() == 0
