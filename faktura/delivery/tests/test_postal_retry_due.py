"""The sweep re-enqueues letters whose delivery task was lost."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from faktura.delivery.models import PostalLetter
from faktura.delivery.postal import letter_deliver, letter_queue, letters_retry_due
from faktura.events.tests.receiver import Receiver
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver():
    server = Receiver()
    server.start()
    try:
        with override_settings(FAKTURA_POSTAL_URL=server.url):
            yield server
    finally:
        server.stop()


def test_letter_whose_task_was_lost_is_enqueued_again_and_delivered(owner, receiver, run_tasks):
    invoice = factories.numbered_invoice(owner)
    letter = letter_queue(account=owner.account, id=invoice.id)
    DBTaskResult.objects.all().delete()
    now = timezone.now()
    PostalLetter.objects.filter(id=letter.id).update(next_attempt_at=now - timedelta(minutes=6))

    assert letters_retry_due(now=now) == 1
    run_tasks()

    letter.refresh_from_db()
    assert letter.status == PostalLetter.Status.SENT
    assert len(receiver.received) == 1


def test_recent_letters_are_left_to_their_own_task(owner, receiver):
    invoice = factories.numbered_invoice(owner)
    letter_queue(account=owner.account, id=invoice.id)

    assert letters_retry_due() == 0


def test_delivering_a_letter_twice_posts_once(owner, receiver):
    invoice = factories.numbered_invoice(owner)
    letter = letter_queue(account=owner.account, id=invoice.id)

    letter_deliver(letter_id=letter.id)
    letter_deliver(letter_id=letter.id)

    assert len(receiver.received) == 1
    letter.refresh_from_db()
    assert letter.attempts == 1


def test_a_letter_is_failed_after_the_last_attempt(owner, receiver):
    invoice = factories.numbered_invoice(owner)
    receiver.status = 500
    letter = letter_queue(account=owner.account, id=invoice.id)
    PostalLetter.objects.filter(id=letter.id).update(attempts=9)

    letter_deliver(letter_id=letter.id)

    letter.refresh_from_db()
    assert (letter.status, letter.attempts, letter.next_attempt_at) == ("failed", 10, None)
    assert letter.last_error == "HTTP 500: ok"
