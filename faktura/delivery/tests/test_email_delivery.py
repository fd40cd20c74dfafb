from email.utils import parseaddr

import pytest
from django.conf import settings
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from faktura.delivery import tasks
from faktura.delivery.models import EmailAttempt, OutgoingEmail
from faktura.delivery.services import email_deliver, email_queue

pytestmark = pytest.mark.django_db(transaction=True)

POLISH = "Zażółć gęślą jaźń"


def test_queued_email_reaches_the_smtp_server_with_polish_text(account, smtp_server, run_tasks):
    email = email_queue(
        account=account,
        to=["jan@example.pl"],
        cc=["anna@example.pl"],
        subject=f"Faktura FV 1/2025 – {POLISH}",
        body_text=f"{POLISH}\nPozdrawiamy",
    )

    run_tasks()

    assert len(smtp_server.received) == 1
    received = smtp_server.received[0]
    assert received.mail_from == parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    assert received.rcpt_tos == ["jan@example.pl", "anna@example.pl"]
    message = received.message
    # Django 5.2 folds a long encoded subject onto a continuation line; the
    # space that unfolding leaves in front is dropped by mail clients too.
    assert message["Subject"].lstrip() == f"Faktura FV 1/2025 – {POLISH}"
    assert message["To"] == "jan@example.pl"
    assert message["Cc"] == "anna@example.pl"
    assert message["Message-ID"] == email.message_id
    assert message.get_content_type() == "text/plain"
    # As on the wire: SMTP carries lines ending in CRLF.
    assert message.get_content() == f"{POLISH}\r\nPozdrawiamy\r\n"


def test_sent_email_is_marked_sent_with_one_successful_attempt(account, smtp_server, run_tasks):
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")

    run_tasks()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert email.last_error == ""
    assert email.next_attempt_at is None
    attempt = EmailAttempt.objects.get(email=email)
    assert attempt.ok is True
    assert attempt.error == ""
    assert attempt.started_at <= attempt.finished_at == email.sent_at
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["SUCCESSFUL"]


def test_html_body_is_sent_as_an_alternative_to_the_text(account, smtp_server, run_tasks):
    email_queue(
        account=account,
        to=["jan@example.pl"],
        subject="S",
        body_text=POLISH,
        body_html=f"<p>{POLISH}</p>",
    )

    run_tasks()

    message = smtp_server.received[0].message
    assert message.get_content_type() == "multipart/alternative"
    assert message.get_body(preferencelist=("plain",)).get_content() == POLISH
    assert message.get_body(preferencelist=("html",)).get_content() == f"<p>{POLISH}</p>"


def test_nothing_is_sent_when_the_surrounding_transaction_rolls_back(
    account, smtp_server, run_tasks
):
    def write_that_fails():
        with transaction.atomic():
            email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
            raise RuntimeError("the invoice write failed")

    with pytest.raises(RuntimeError, match="the invoice write failed"):
        write_that_fails()
    run_tasks()

    assert smtp_server.received == []
    assert OutgoingEmail.objects.count() == 0


def test_delivering_twice_sends_once(account, smtp_server, run_tasks):
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")

    email_deliver(email_id=email.id)
    email_deliver(email_id=email.id)

    assert len(smtp_server.received) == 1
    assert EmailAttempt.objects.filter(email=email).count() == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_duplicate_delivery_task_sends_once(account, smtp_server, run_tasks):
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
    tasks.deliver_email.enqueue(email.id)

    run_tasks()

    assert len(smtp_server.received) == 1
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == [
        "SUCCESSFUL",
        "SUCCESSFUL",
    ]
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1


def test_delivery_of_an_email_that_no_longer_exists_does_nothing(smtp_server):
    email_deliver(email_id=404)

    assert smtp_server.received == []
    assert EmailAttempt.objects.count() == 0
