"""The worker's entry point for recurring invoices (enqueued by faktura.runtime.periodic)."""

from django_tasks import task

from faktura.invoicing.recurring import services


@task()
def issue_due_recurrings() -> int:
    """Issue every period that has come; returns how many invoices were issued."""
    return len(services.recurring_issue_due())
