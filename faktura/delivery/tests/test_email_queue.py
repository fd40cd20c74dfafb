import re
from email.utils import parseaddr

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from faktura.delivery.models import OutgoingEmail
from faktura.delivery.services import email_queue
from faktura.errors import Invalid

pytestmark = pytest.mark.django_db(transaction=True)


def test_queued_email_is_stored_pending_with_one_delivery_task(account):
    before = timezone.now()
    email = email_queue(
        account=account,
        to=["jan@example.pl"],
        cc=["anna@example.pl"],
        subject="Faktura FV 1/2025",
        body_text="W załączeniu faktura.",
        body_html="<p>W załączeniu faktura.</p>",
    )

    email.refresh_from_db()
    assert email.account == account
    assert email.to == ["jan@example.pl"]
    assert email.cc == ["anna@example.pl"]
    assert email.subject == "Faktura FV 1/2025"
    assert email.body_text == "W załączeniu faktura."
    assert email.body_html == "<p>W załączeniu faktura.</p>"
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 0
    assert before <= email.next_attempt_at <= timezone.now()
    sender_domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].split("@")[1]
    assert re.fullmatch(rf"<[^@<>]+@{re.escape(sender_domain)}>", email.message_id)
    tasks = list(DBTaskResult.objects.values_list("task_path", "args_kwargs", "status"))
    assert tasks == [
        ("faktura.delivery.tasks.deliver_email", {"args": [email.id], "kwargs": {}}, "READY")
    ]


def test_service_email_without_account_is_queued(db):
    email = email_queue(account=None, to=["admin@example.pl"], subject="Reset", body_text="x")

    assert OutgoingEmail.objects.get(id=email.id).account is None


def test_nothing_is_queued_when_the_surrounding_transaction_rolls_back(account):
    def write_that_fails():
        with transaction.atomic():
            email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
            raise RuntimeError("the invoice write failed")

    with pytest.raises(RuntimeError, match="the invoice write failed"):
        write_that_fails()

    assert OutgoingEmail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_delivery_task_is_enqueued_only_when_the_surrounding_transaction_commits(account):
    with transaction.atomic():
        email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
        assert DBTaskResult.objects.count() == 0

    assert DBTaskResult.objects.count() == 1


def test_invalid_recipient_is_refused_naming_the_address(account):
    with pytest.raises(Invalid) as raised:
        email_queue(account=account, to=["jan@example.pl", "jan@"], subject="S", body_text="B")

    assert raised.value.errors == {"email": ["'jan@' is not a valid e-mail address"]}
    assert OutgoingEmail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_invalid_cc_address_is_refused_naming_the_address(account):
    with pytest.raises(Invalid) as raised:
        email_queue(
            account=account,
            to=["jan@example.pl"],
            cc=["anna example.pl"],
            subject="S",
            body_text="B",
        )

    assert raised.value.errors == {"email": ["'anna example.pl' is not a valid e-mail address"]}


def test_address_with_a_header_injection_is_refused(account):
    with pytest.raises(Invalid) as raised:
        email_queue(
            account=account,
            to=["jan@example.pl\nBcc: all@example.pl"],
            subject="S",
            body_text="B",
        )

    assert raised.value.errors == {
        "email": ["'jan@example.pl\\nBcc: all@example.pl' is not a valid e-mail address"]
    }


def test_email_without_recipients_is_refused(account):
    with pytest.raises(Invalid) as raised:
        email_queue(account=account, to=[], subject="S", body_text="B")

    assert raised.value.errors == {"email": ["at least one recipient is required"]}


def test_subject_with_a_line_break_is_refused(account):
    with pytest.raises(Invalid) as raised:
        email_queue(account=account, to=["jan@example.pl"], subject="S\nBcc: x", body_text="B")

    assert raised.value.errors == {"subject": ["must be a single line"]}
    assert OutgoingEmail.objects.count() == 0
