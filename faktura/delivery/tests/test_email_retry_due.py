from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from faktura.delivery import tasks
from faktura.delivery.models import OutgoingEmail
from faktura.delivery.services import email_queue, email_retry_due

pytestmark = pytest.mark.django_db(transaction=True)


def queue_and_lose_the_task(account, **fields) -> OutgoingEmail:
    """An e-mail whose delivery task never reached the queue (a crash after commit)."""
    email = email_queue(account=account, to=["jan@example.pl"], subject="S", body_text="B")
    DBTaskResult.objects.all().delete()
    OutgoingEmail.objects.filter(id=email.id).update(**fields)
    email.refresh_from_db()
    return email


def deliver_tasks() -> list[dict]:
    return list(
        DBTaskResult.objects.filter(
            task_path="faktura.delivery.tasks.deliver_email", status="READY"
        ).values_list("args_kwargs", flat=True)
    )


def test_email_whose_task_was_lost_is_enqueued_again_and_delivered(account, smtp_server, run_tasks):
    now = timezone.now()
    email = queue_and_lose_the_task(account, next_attempt_at=now - timedelta(minutes=6))

    assert email_retry_due(now=now) == 1

    assert deliver_tasks() == [{"args": [email.id], "kwargs": {}}]
    run_tasks()
    assert len(smtp_server.received) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT


def test_email_due_only_moments_ago_is_left_to_its_own_task(account):
    now = timezone.now()
    queue_and_lose_the_task(account, next_attempt_at=now - timedelta(minutes=4))

    assert email_retry_due(now=now) == 0
    assert deliver_tasks() == []


def test_a_second_sweep_does_not_enqueue_the_same_email_again(account):
    now = timezone.now()
    email = queue_and_lose_the_task(account, next_attempt_at=now - timedelta(minutes=6))

    assert email_retry_due(now=now) == 1
    assert email_retry_due(now=now + timedelta(minutes=1)) == 0
    assert email_retry_due(now=now + timedelta(minutes=5)) == 1

    assert deliver_tasks() == [{"args": [email.id], "kwargs": {}}] * 2


def test_sent_and_failed_emails_are_never_enqueued_again(account):
    now = timezone.now()
    long_ago = now - timedelta(days=1)
    queue_and_lose_the_task(account, status="sent", next_attempt_at=long_ago)
    queue_and_lose_the_task(account, status="failed", next_attempt_at=long_ago)
    queue_and_lose_the_task(account, next_attempt_at=None)

    assert email_retry_due(now=now) == 0
    assert deliver_tasks() == []


def test_retry_due_task_sweeps_with_the_current_time(account, smtp_server, run_tasks):
    queue_and_lose_the_task(account, next_attempt_at=timezone.now() - timedelta(minutes=6))
    tasks.retry_due_emails.enqueue()

    run_tasks()

    assert len(smtp_server.received) == 1
    assert DBTaskResult.objects.get(task_path__endswith="retry_due_emails").return_value == 1
