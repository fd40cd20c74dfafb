from datetime import timedelta

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from faktura.delivery.models import EmailAttempt, OutgoingEmail
from faktura.delivery.services import MAX_ATTEMPTS, email_deliver, email_queue, retry_delay

pytestmark = pytest.mark.django_db(transaction=True)


def ready_tasks() -> list[tuple]:
    return list(
        DBTaskResult.objects.filter(status="READY").values_list(
            "task_path", "args_kwargs", "run_after"
        )
    )


def test_email_stays_pending_and_is_rescheduled_when_the_smtp_server_is_down(
    account, smtp_server, run_tasks
):
    smtp_server.stop()
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")

    run_tasks()

    email.refresh_from_db()
    attempt = EmailAttempt.objects.get(email=email)
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert email.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert email.sent_at is None
    assert email.next_attempt_at == attempt.finished_at + timedelta(seconds=30)
    assert attempt.ok is False
    assert attempt.error == email.last_error
    assert ready_tasks() == [
        (
            "faktura.delivery.tasks.deliver_email",
            {"args": [email.id], "kwargs": {}},
            email.next_attempt_at,
        )
    ]
    assert smtp_server.received == []


def test_retry_delivers_exactly_once_after_the_smtp_server_is_back(
    account, smtp_server, run_tasks, make_due
):
    smtp_server.stop()
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
    run_tasks()
    smtp_server.start()

    run_tasks()  # the retry is not due yet
    assert smtp_server.received == []
    make_due(email)
    run_tasks()
    run_tasks()

    assert len(smtp_server.received) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert email.next_attempt_at is None
    assert list(EmailAttempt.objects.filter(email=email).values_list("ok", flat=True)) == [
        False,
        True,
    ]
    assert ready_tasks() == []


def test_early_duplicate_task_does_not_cut_the_backoff_short(account, smtp_server, run_tasks):
    smtp_server.stop()
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
    run_tasks()

    email_deliver(email_id=email.id)

    email.refresh_from_db()
    assert email.attempts == 1
    assert EmailAttempt.objects.filter(email=email).count() == 1


def test_email_is_failed_after_the_last_attempt_with_growing_waits(
    account, smtp_server, run_tasks, make_due
):
    smtp_server.stop()
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
    waits = []

    for _ in range(MAX_ATTEMPTS):
        run_tasks()
        email.refresh_from_db()
        if email.next_attempt_at is not None:
            last = EmailAttempt.objects.filter(email=email).last()
            waits.append(int((email.next_attempt_at - last.finished_at).total_seconds()))
            make_due(email)

    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert email.next_attempt_at is None
    assert email.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    assert EmailAttempt.objects.filter(email=email, ok=False).count() == MAX_ATTEMPTS
    assert ready_tasks() == []


def test_failed_email_is_not_sent_when_its_task_runs_again(account, smtp_server, run_tasks):
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
    OutgoingEmail.objects.filter(id=email.id).update(status=OutgoingEmail.Status.FAILED)

    run_tasks()

    assert smtp_server.received == []
    assert EmailAttempt.objects.count() == 0


def test_rejected_message_is_retried(account, smtp_server, run_tasks):
    smtp_server.data_reply = "554 5.7.1 Message rejected"
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")

    run_tasks()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.last_error == "SMTPDataError: (554, b'5.7.1 Message rejected')"
    assert len(ready_tasks()) == 1


def test_stored_error_never_holds_the_smtp_password(account, smtp_server, run_tasks):
    smtp_server.data_reply = "554 5.7.1 Rejected for s3cret-pass"
    with override_settings(EMAIL_HOST_PASSWORD="s3cret-pass"):
        email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
        run_tasks()

    email.refresh_from_db()
    assert email.last_error == "SMTPDataError: (554, b'5.7.1 Rejected for ***')"
    assert EmailAttempt.objects.get(email=email).error == email.last_error


def test_retry_waits_double_from_thirty_seconds_up_to_an_hour():
    assert [retry_delay(n).total_seconds() for n in range(1, 11)] == [
        30,
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
        3600,
    ]
    assert retry_delay(1000) == timedelta(hours=1)
