"""GET /invoices/{id}/emails: an invoice's e-mails and how their delivery went."""

import pytest

from faktura.delivery import selectors
from faktura.delivery.services import email_deliver
from faktura.errors import NotFound
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db(transaction=True)


def send(client, owner, invoice_id, query=""):
    return client.post(
        f"/invoices/{invoice_id}/send_by_email.json?api_token={owner.api_token}{query}"
    )


def emails(client, owner, invoice_id):
    response = client.get(f"/invoices/{invoice_id}/emails.json?api_token={owner.api_token}")
    assert response.status_code == 200, response.content
    return response.json()


def test_email_sent_after_the_smtp_server_comes_back_shows_every_step(
    client, owner, smtp_server, run_tasks, make_due
):
    invoice = factories.numbered_invoice(owner)
    smtp_server.stop()

    assert send(client, owner, invoice.id, "&email_pdf=true").status_code == 200
    (queued,) = emails(client, owner, invoice.id)
    run_tasks()
    (failed_once,) = emails(client, owner, invoice.id)
    smtp_server.start()
    make_due(selectors.invoice_emails(account=owner.account, invoice_id=invoice.id).get())
    run_tasks()
    (sent,) = emails(client, owner, invoice.id)

    assert (queued["status"], queued["attempts"], queued["last_error"]) == ("pending", 0, "")
    assert queued["to"] == ["buyer@example.com"]
    assert queued["sent_at"] is None
    assert failed_once["status"] == "pending"
    assert failed_once["attempts"] == 1
    assert failed_once["last_error"] == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert failed_once["next_attempt_at"] is not None
    assert sent["status"] == "sent"
    assert sent["attempts"] == 2
    assert sent["last_error"] == ""
    assert sent["sent_at"] is not None
    assert sent["attachments"] == [
        {
            "filename": f"Faktura_VAT_{invoice.number.replace('/', '-')}.pdf",
            "content_type": "application/pdf",
        }
    ]
    (received,) = smtp_server.received
    (attachment,) = list(received.message.iter_attachments())
    assert attachment.get_content().startswith(b"%PDF")


def test_failed_email_shows_the_last_smtp_error(client, owner, smtp_server, run_tasks):
    invoice = factories.numbered_invoice(owner)
    smtp_server.data_reply = "554 5.7.1 Message rejected"
    send(client, owner, invoice.id)
    run_tasks()
    email = selectors.invoice_emails(account=owner.account, invoice_id=invoice.id).get()
    # Stands in for the last of the attempts: the next failure gives up.
    email.attempts = 9
    email.next_attempt_at = None
    email.save()

    email_deliver(email_id=email.id)

    (listed,) = emails(client, owner, invoice.id)
    assert listed["status"] == "failed"
    assert listed["attempts"] == 10
    assert listed["last_error"] == "SMTPDataError: (554, b'5.7.1 Message rejected')"
    assert listed["next_attempt_at"] is None


def test_emails_are_listed_newest_first_and_only_the_invoices_own(
    client, owner, smtp_server, run_tasks
):
    invoice = factories.numbered_invoice(owner)
    other_invoice = factories.numbered_invoice(owner)
    send(client, owner, invoice.id, "&email_to=pierwszy@example.pl")
    send(client, owner, other_invoice.id)
    send(client, owner, invoice.id, "&email_to=drugi@example.pl&email_cc=kopia@example.pl")
    run_tasks()

    listed = emails(client, owner, invoice.id)

    assert [(e["to"], e["cc"], e["status"]) for e in listed] == [
        (["drugi@example.pl"], ["kopia@example.pl"], "sent"),
        (["pierwszy@example.pl"], [], "sent"),
    ]
    assert listed[0]["subject"] == f"Faktura VAT {invoice.number} od Acme sp. z o.o."


def test_an_invoice_never_sent_has_no_emails(client, owner):
    invoice = factories.numbered_invoice(owner)

    assert emails(client, owner, invoice.id) == []


def test_another_accounts_invoice_emails_are_not_found(client, owner, other_owner, smtp_server):
    invoice = factories.numbered_invoice(other_owner)
    send(client, other_owner, invoice.id)

    response = client.get(f"/invoices/{invoice.id}/emails.json?api_token={owner.api_token}")

    assert response.status_code == 404
    assert "buyer@example.com" not in response.content.decode()
    with pytest.raises(NotFound):
        selectors.invoice_emails(account=owner.account, invoice_id=invoice.id)


def test_xml_list(client, owner, smtp_server):
    invoice = factories.numbered_invoice(owner)
    send(client, owner, invoice.id)

    response = client.get(f"/invoices/{invoice.id}/emails.xml?api_token={owner.api_token}")

    assert response.status_code == 200
    assert b'<emails type="array">\n  <email>' in response.content
    assert b"<status>pending</status>" in response.content
