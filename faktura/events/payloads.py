"""What a webhook receiver gets in the body, per kind of resource.

Compatible with what receivers of the hosted service's webhooks parse
(api-wire-format.md §7): the webhook's own `api_token`, `app_name`, `locale`, the
resource's `id`, and for invoices the `deal` object — plus the whole resource as
the API renders it under its own key (`invoice`, `client`, `product`, `payment`).
The webhook's `api_token` is added at delivery (it is the webhook's, not the event's).
"""

from typing import Any

APP_NAME = "faktura"


def invoice_payload(
    invoice: dict[str, Any], *, locale: str, with_deal: bool = True
) -> dict[str, Any]:
    """The body for an invoice event, from the invoice as the API renders it; `deal` only
    `with_deal` (the account's CRM takes this kind of document as a deal)."""
    body = {
        "id": invoice["id"],
        "deal": {
            "name": invoice["number"],
            "description": invoice.get("description"),
            "price": invoice["price_gross"],
            "paid": invoice["status"] == "paid",
            "url": invoice["view_url"],
            "date": invoice["issue_date"],
            "invoice_no": invoice["number"],
            "kind": invoice["kind"],
            "status": invoice["status"],
            "currency": invoice["currency"],
            "external_ids": {APP_NAME: invoice["id"]},
            "client": {
                "name": invoice["buyer_name"],
                "tax_no": invoice["buyer_tax_no"],
                "first_name": invoice["buyer_first_name"],
                "last_name": invoice["buyer_last_name"],
                "external_ids": {APP_NAME: invoice["client_id"]},
            },
        },
        "invoice": invoice,
        "app_name": APP_NAME,
        "locale": locale,
    }
    if not with_deal:
        del body["deal"]
    return body


def resource_payload(key: str, resource: dict[str, Any], *, locale: str) -> dict[str, Any]:
    """The body for a client, product or payment event."""
    return {"id": resource["id"], key: resource, "app_name": APP_NAME, "locale": locale}
