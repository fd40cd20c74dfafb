"""Fixtures of the delivery tests; the SMTP server and the task runner are project-wide."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from faktura.accounts.models import Account
from faktura.delivery.models import OutgoingEmail


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def make_due():
    """Move an e-mail's next attempt, and the task scheduled for it, into the past.

    Stands in for waiting out the backoff.
    """

    def make_due(email: OutgoingEmail) -> None:
        past = timezone.now() - timedelta(seconds=1)
        OutgoingEmail.objects.filter(id=email.id).update(next_attempt_at=past)
        DBTaskResult.objects.filter(status="READY").update(run_after=past)

    return make_due


@pytest.fixture
def account(db) -> Account:
    return Account.objects.create(prefix="acme", name="Acme sp. z o.o.")
