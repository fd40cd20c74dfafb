"""Attachments travel with the queued e-mail: stored in its transaction, sent on every try."""

import pytest
from django.db import transaction

from faktura.delivery.models import OutgoingEmail, OutgoingEmailAttachment
from faktura.delivery.services import Attachment, email_queue

pytestmark = pytest.mark.django_db(transaction=True)

CSV = Attachment("raport.csv", "text/csv", "numer;nabywca\r\nFV 1;Zażółć\r\n".encode())
BINARY = Attachment("dane.bin", "application/octet-stream", bytes(range(256)))


def test_attachments_reach_the_smtp_server_byte_for_byte(account, smtp_server, run_tasks):
    email_queue(
        account=account,
        to=["jan@example.pl"],
        subject="S",
        body_text="B",
        attachments=[CSV, BINARY],
    )

    run_tasks()

    message = smtp_server.received[0].message
    assert message.get_content_type() == "multipart/mixed"
    assert message.get_body(preferencelist=("plain",)).get_content() == "B"
    sent = [
        (part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
        for part in message.iter_attachments()
    ]
    assert sent == [
        ("raport.csv", "text/csv", CSV.content),
        ("dane.bin", "application/octet-stream", BINARY.content),
    ]


def test_a_retry_sends_the_same_attachment(account, smtp_server, run_tasks, make_due):
    smtp_server.stop()
    email = email_queue(
        account=account, to=["jan@example.pl"], subject="S", body_text="B", attachments=[BINARY]
    )
    run_tasks()
    smtp_server.start()
    make_due(email)

    run_tasks()

    (attachment,) = list(smtp_server.received[0].message.iter_attachments())
    assert attachment.get_payload(decode=True) == BINARY.content


def test_attachments_go_with_a_rolled_back_email(account, smtp_server, run_tasks):
    def write_that_fails():
        with transaction.atomic():
            email_queue(
                account=account,
                to=["jan@example.pl"],
                subject="S",
                body_text="B",
                attachments=[CSV],
            )
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError, match="the write failed"):
        write_that_fails()
    run_tasks()

    assert OutgoingEmail.objects.count() == 0
    assert OutgoingEmailAttachment.objects.count() == 0
    assert smtp_server.received == []
