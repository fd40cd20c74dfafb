"""What services call to announce a change: the event's body built as the API renders it.

Each function runs in the caller's transaction (see `services.outbox`); the body
is built only when an active webhook listens for that kind.
"""

from faktura.accounts.models import Account
from faktura.events import payloads
from faktura.events.services.outbox import event_record


def invoice_changed(*, account: Account, invoice_id: int, action: str) -> None:
    """`invoice:create`, `invoice:update` or `invoice:destroy` (announce before deleting)."""
    # Imported here: the invoicing module calls this one.
    from faktura.integrations.crm import crm_deal_kinds
    from faktura.invoicing.api.output import invoice_data
    from faktura.invoicing.selectors import invoice_detail

    def payload() -> dict:
        invoice = invoice_data(invoice_detail(account=account, id=invoice_id))
        with_deal = invoice["kind"] in crm_deal_kinds(account)
        return payloads.invoice_payload(invoice, locale=account.lang, with_deal=with_deal)

    event_record(account=account, kind=f"invoice:{action}", resource_id=invoice_id, payload=payload)


def payment_changed(*, account: Account, payment, action: str) -> None:
    """`payment:create`, `payment:update` or `payment:destroy` (announce before deleting)."""
    from faktura.payments.api import payment_data

    event_record(
        account=account,
        kind=f"payment:{action}",
        resource_id=payment.pk,
        payload=lambda: payloads.resource_payload(
            "payment", payment_data(payment), locale=account.lang
        ),
    )


def client_changed(*, account: Account, client, action: str) -> None:
    """`client:create`, `client:update` or `client:destroy` (announce before deleting)."""
    from faktura.catalog.api.clients import ClientOut

    event_record(
        account=account,
        kind=f"client:{action}",
        resource_id=client.pk,
        payload=lambda: payloads.resource_payload(
            "client", ClientOut.model_validate(client).model_dump(), locale=account.lang
        ),
    )


def product_changed(*, account: Account, product_id: int, action: str) -> None:
    """`product:create`, `product:update` or `product:destroy` (announce before deleting)."""
    from faktura.catalog.api.products import ProductOut
    from faktura.catalog.selectors.products import get_product

    event_record(
        account=account,
        kind=f"product:{action}",
        resource_id=product_id,
        payload=lambda: payloads.resource_payload(
            "product",
            ProductOut.model_validate(get_product(account=account, id=product_id)).model_dump(),
            locale=account.lang,
        ),
    )
