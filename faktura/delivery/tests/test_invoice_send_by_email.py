"""POST /invoices/{id}/send_by_email: the invoice reaches a real SMTP server on loopback."""

import io
import json

import pytest
from pypdf import PdfReader

from faktura.accounts.urls import account_url
from faktura.catalog.models import Client
from faktura.delivery.models import OutgoingEmail
from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db(transaction=True)


def send(client, owner, invoice_id, **params):
    body = {"api_token": owner.api_token, **params}
    return client.post(
        f"/invoices/{invoice_id}/send_by_email.json",
        data=json.dumps(body),
        content_type="application/json",
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_email_arrives_with_the_pdf_and_the_public_link(client, owner, smtp_server, run_tasks):
    invoice = factories.numbered_invoice(owner)

    response = send(client, owner, invoice.id, email_pdf=True)
    run_tasks()

    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "message": "Faktura została wysłana e-mailem do: buyer@example.com",
    }
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["buyer@example.com"]
    message = received.message
    assert message["Subject"].lstrip() == f"Faktura VAT {invoice.number} od Acme sp. z o.o."
    link = f"{account_url('acme')}/invoice/{invoice.token}"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert link in text
    assert f'<a href="{link}">' in html
    assert "Kwota do zapłaty: 123,00 PLN" in text
    assert f"Termin płatności: {invoice.payment_to.isoformat()}" in text
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"Faktura_VAT_{invoice.number.replace('/', '-')}.pdf"
    content = attachment.get_content()
    assert content.startswith(b"%PDF")
    assert invoice.number in pdf_text(content)


def test_without_email_pdf_nothing_is_attached(client, owner, smtp_server, run_tasks):
    invoice = factories.numbered_invoice(owner)

    send(client, owner, invoice.id)
    run_tasks()

    (received,) = smtp_server.received
    assert list(received.message.iter_attachments()) == []


def test_print_option_copy_prints_the_copy(client, owner, smtp_server, run_tasks):
    invoice = factories.numbered_invoice(owner)

    send(client, owner, invoice.id, email_pdf="true", print_option="copy")
    run_tasks()

    (attachment,) = list(smtp_server.received[0].message.iter_attachments())
    text = pdf_text(attachment.get_content())
    assert "KOPIA" in text
    assert "ORYGINAŁ" not in text


def test_parameters_may_come_in_the_query(client, owner, smtp_server, run_tasks):
    invoice = factories.numbered_invoice(owner)

    response = client.post(
        f"/invoices/{invoice.id}/send_by_email.json?api_token={owner.api_token}"
        "&email_to=jan@example.pl,anna@example.pl,&email_cc=szef@example.pl&email_pdf=1"
    )
    run_tasks()

    assert response.status_code == 200, response.content
    assert response.json()["message"].endswith("jan@example.pl, anna@example.pl, szef@example.pl")
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["jan@example.pl", "anna@example.pl", "szef@example.pl"]
    assert received.message["To"] == "jan@example.pl, anna@example.pl"
    assert received.message["Cc"] == "szef@example.pl"
    assert len(list(received.message.iter_attachments())) == 1


def test_issued_invoice_becomes_sent_with_the_sent_time(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)
    assert invoice.status == Invoice.Status.ISSUED

    send(client, owner, invoice.id)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT
    assert invoice.sent_time is not None


def test_paid_invoice_stays_paid(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner, status=Invoice.Status.PAID)

    send(client, owner, invoice.id)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.sent_time is not None


def test_update_buyer_email_stores_the_first_address(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)

    send(
        client,
        owner,
        invoice.id,
        email_to="nowy@example.pl,drugi@example.pl",
        update_buyer_email=True,
    )

    invoice.refresh_from_db()
    assert invoice.buyer_email == "nowy@example.pl"
    assert invoice.recipient_email == ""


def test_update_buyer_email_updates_the_recipient_when_there_is_one(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner, recipient_name="Odbiorca sp. z o.o.")

    send(client, owner, invoice.id, email_to=["odbiorca@example.pl"], update_buyer_email="yes")

    invoice.refresh_from_db()
    assert (invoice.buyer_email, invoice.recipient_email) == (
        "buyer@example.com",
        "odbiorca@example.pl",
    )


def test_without_update_buyer_email_the_invoice_keeps_its_address(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)

    send(client, owner, invoice.id, email_to="nowy@example.pl")

    invoice.refresh_from_db()
    assert invoice.buyer_email == "buyer@example.com"


def test_recipients_email_is_used_when_the_invoice_has_a_recipient(
    client, owner, smtp_server, run_tasks
):
    invoice = factories.numbered_invoice(
        owner, recipient_name="Odbiorca", recipient_email="odbiorca@example.pl"
    )

    send(client, owner, invoice.id)
    run_tasks()

    assert smtp_server.received[0].rcpt_tos == ["odbiorca@example.pl"]


def test_clients_email_is_used_when_the_invoice_has_none(client, owner, smtp_server, run_tasks):
    buyer = Client.objects.create(account=owner.account, name="Klient", email="klient@example.pl")
    invoice = factories.numbered_invoice(owner, buyer_email="", client=buyer)

    send(client, owner, invoice.id)
    run_tasks()

    assert smtp_server.received[0].rcpt_tos == ["klient@example.pl"]


def test_no_address_at_all_is_a_422_naming_email_to(client, owner, smtp_server, run_tasks):
    invoice = factories.numbered_invoice(owner, buyer_email="")

    response = send(client, owner, invoice.id)
    run_tasks()

    assert response.status_code == 422
    assert list(response.json()["message"]) == ["email_to"]
    assert OutgoingEmail.objects.count() == 0
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert smtp_server.received == []


def test_more_than_five_addresses_are_refused(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)
    addresses = ",".join(f"k{n}@example.pl" for n in range(6))

    response = send(client, owner, invoice.id, email_to=addresses)

    assert response.status_code == 422
    assert response.json()["message"] == {"email_to": ["można podać najwyżej 5 adresów, podano 6"]}
    assert OutgoingEmail.objects.count() == 0


def test_five_addresses_are_accepted(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)
    addresses = [f"k{n}@example.pl" for n in range(5)]

    response = send(client, owner, invoice.id, email_to=addresses)

    assert response.status_code == 200
    assert OutgoingEmail.objects.get().to == addresses


@pytest.mark.parametrize("field", ["email_to", "email_cc"])
def test_an_invalid_address_is_a_422_naming_its_parameter(client, owner, smtp_server, field):
    invoice = factories.numbered_invoice(owner)

    response = send(client, owner, invoice.id, **{field: "jan@example.pl,nie-adres"})

    assert response.status_code == 422
    assert response.json()["message"] == {field: ["'nie-adres' nie jest poprawnym adresem e-mail"]}
    assert OutgoingEmail.objects.count() == 0


def test_print_option_outside_the_set_is_a_400_naming_it(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)

    response = client.post(
        f"/invoices/{invoice.id}/send_by_email.json?api_token={owner.api_token}"
        "&email_pdf=true&print_option=kopia"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["message"] == (
        "Invalid parameter print_option: must be one of: original, copy, "
        "original_and_copy, duplicate; got 'kopia'"
    )
    assert "api_token" not in body["request"]
    assert OutgoingEmail.objects.count() == 0


def test_a_cancelled_invoice_is_not_sent(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)
    Invoice.objects.filter(id=invoice.id).update(cancelled=True, kind=Invoice.Kind.CANCELED)

    response = send(client, owner, invoice.id)

    assert response.status_code == 422
    assert list(response.json()["message"]) == ["id"]
    assert OutgoingEmail.objects.count() == 0


def test_another_accounts_invoice_is_404_and_nothing_is_sent(
    client, owner, other_owner, smtp_server, run_tasks
):
    invoice = factories.numbered_invoice(other_owner)

    response = send(client, owner, invoice.id, email_to="jan@example.pl", update_buyer_email=True)
    run_tasks()

    assert response.status_code == 404
    invoice.refresh_from_db()
    assert (invoice.status, invoice.buyer_email) == (Invoice.Status.ISSUED, "buyer@example.com")
    assert smtp_server.received == []


def test_english_account_gets_an_english_email(client, owner, smtp_server, run_tasks):
    owner.account.lang = "en"
    owner.account.save()
    invoice = factories.numbered_invoice(owner)

    response = send(client, owner, invoice.id)
    run_tasks()

    assert response.json()["message"] == "The invoice was sent by e-mail to buyer@example.com"
    message = smtp_server.received[0].message
    assert message["Subject"].lstrip() == f"Faktura VAT {invoice.number} from Acme sp. z o.o."
    assert "Amount to pay: 123.00 PLN" in message.get_body(preferencelist=("plain",)).get_content()


def test_ukrainian_account_gets_a_ukrainian_email(client, owner, smtp_server, run_tasks):
    owner.account.lang = "uk"
    owner.account.save()
    invoice = factories.numbered_invoice(owner)

    send(client, owner, invoice.id)
    run_tasks()

    text = smtp_server.received[0].message.get_body(preferencelist=("plain",)).get_content()
    assert "Сума до сплати: 123,00 PLN" in text


def test_xml_answer(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)

    response = client.post(f"/invoices/{invoice.id}/send_by_email.xml?api_token={owner.api_token}")

    assert response.status_code == 200
    assert b"<status>ok</status>" in response.content


def test_seller_name_is_escaped_in_the_html_body(client, owner, smtp_server, run_tasks):
    invoice = factories.numbered_invoice(owner, seller_name="A & B <Spółka>")

    send(client, owner, invoice.id)
    run_tasks()

    message = smtp_server.received[0].message
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "A &amp; B &lt;Spółka&gt; przesyła dokument" in html
    assert "<Spółka>" not in html
    assert message["Subject"].lstrip().endswith("od A & B <Spółka>")
