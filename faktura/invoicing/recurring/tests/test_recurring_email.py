"""Recurring invoices sent by e-mail: each period's invoice with its PDF reaches a real
SMTP server on loopback, queued in the transaction that issues it."""

import datetime as dt

import pytest
from django.utils import timezone

from faktura.invoicing.models import Invoice
from faktura.invoicing.recurring import services
from faktura.invoicing.recurring.models import RecurringPeriod
from faktura.invoicing.recurring.tasks import issue_due_recurrings
from faktura.invoicing.tests import factories_invoices

pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date


def _recurring(owner, template_email: str, **data):
    template = factories_invoices.numbered_invoice(
        owner, issue_date=D(2026, 1, 10), buyer_email=template_email
    )
    fields = {
        "name": "Abonament",
        "invoice_id": template.pk,
        "start_date": D(2026, 1, 10),
        "every": "1m",
        "send_email": True,
    }
    return services.recurring_create(
        account=owner.account, data={**fields, **data}, today=D(2026, 1, 1)
    )


def _pdfs(message) -> list[bytes]:
    return [
        part.get_content()
        for part in message.walk()
        if part.get_content_type() == "application/pdf"
    ]


def test_each_period_arrives_with_its_pdf_at_the_addresses_given(owner, smtp_server, run_tasks):
    recurring = _recurring(
        owner, "kupiec@example.com", buyer_email="ksiegowosc@example.com, szef@example.com"
    )
    services.recurring_issue_due(today=D(2026, 1, 10))
    services.recurring_issue_due(today=D(2026, 3, 12))  # February and March, caught up
    run_tasks()
    invoices = list(Invoice.objects.filter(recurring=recurring).order_by("id"))
    assert len(invoices) == 3
    assert len(smtp_server.received) == 3
    for invoice, received in zip(invoices, smtp_server.received, strict=True):
        assert sorted(received.rcpt_tos) == ["ksiegowosc@example.com", "szef@example.com"]
        assert invoice.number in received.message["Subject"]
        assert [pdf[:5] for pdf in _pdfs(received.message)] == [b"%PDF-"]
        invoice.refresh_from_db()
        assert invoice.status == "sent"


def test_without_addresses_the_buyers_is_used(owner, smtp_server, run_tasks):
    _recurring(owner, "kupiec@example.com")
    services.recurring_issue_due(today=D(2026, 1, 10))
    run_tasks()
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["kupiec@example.com"]


def test_an_invoice_nobody_can_be_sent_is_issued_and_the_reason_kept(owner, smtp_server):
    recurring = _recurring(owner, "")
    services.recurring_issue_due(today=D(2026, 1, 10))
    assert Invoice.objects.filter(recurring=recurring).count() == 1
    (period,) = RecurringPeriod.objects.filter(recurring=recurring)
    assert period.invoice_id is not None
    assert "buyer_email" in period.problem
    assert smtp_server.received == []


def test_the_workers_periodic_task_issues_and_sends_what_is_due(owner, smtp_server, run_tasks):
    today = timezone.localdate()
    template = factories_invoices.numbered_invoice(owner, buyer_email="kupiec@example.com")
    recurring = services.recurring_create(
        account=owner.account,
        data={
            "name": "Abonament",
            "invoice_id": template.pk,
            "every": "1m",
            "start_date": today,
            "send_email": True,
        },
    )
    issue_due_recurrings.enqueue()
    run_tasks()  # the task issues the invoice; the e-mail task it queued runs next
    run_tasks()
    (invoice,) = Invoice.objects.filter(recurring=recurring)
    assert invoice.issue_date == today
    (received,) = smtp_server.received
    assert invoice.number in received.message["Subject"]
