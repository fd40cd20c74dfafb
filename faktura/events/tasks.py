"""Background entry points for webhook deliveries. They take ids only."""

from django_tasks import task

from faktura.events.services import deliver


@task()
def deliver_webhook(delivery_id: str) -> None:
    deliver.webhook_deliver(delivery_id=delivery_id)


@task()
def deliver_due_webhooks() -> int:
    return deliver.deliveries_due()
