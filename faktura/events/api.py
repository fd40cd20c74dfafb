"""Webhooks over the API ("Webhooki") and their delivery log.

`GET/POST /webhooks.json`, `GET/PUT/PATCH/DELETE /webhooks/{id}.json` with `kind`,
`url`, `api_token`, `active` (api-wire-format.md §1.11). The signing secret is in
the answer that creates the webhook and in that of
`POST /webhooks/{id}/rotate_secret.json`, never again.
`GET /webhooks/{id}/deliveries.json` lists its deliveries with every try;
`POST /webhooks/{id}/deliveries/{delivery_id}/send_again.json` retries one.
"""

from uuid import UUID

from ninja import Query, Router, Schema, Status
from pydantic import Field

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import LooseBool, OptionalText, Timestamp
from faktura.errors import NotFound
from faktura.events.models import Delivery, Webhook
from faktura.events.services import deliver
from faktura.events.services import webhooks as services
from faktura.tenancy import get_owned

router = Router(tags=["webhooks"])


class WebhookIn(Schema):
    kind: OptionalText = Field(default=None, max_length=30)
    url: OptionalText = Field(default=None, max_length=2000)
    api_token: OptionalText = Field(default=None, max_length=255)
    active: LooseBool = None


class WebhookWrite(Schema):
    api_token: OptionalText = None
    webhook: WebhookIn


class WebhookOut(Schema):
    id: int
    kind: str
    account_id: int
    url: str
    api_token: str
    created_at: Timestamp
    updated_at: Timestamp
    active: bool


class WebhookWithSecretOut(WebhookOut):
    secret: str


class AttemptOut(Schema):
    at: Timestamp
    status_code: int | None
    duration_ms: int
    response_excerpt: str
    error: str


class DeliveryOut(Schema):
    id: UUID
    kind: str
    resource_id: int
    status: str
    attempts: int
    created_at: Timestamp
    next_attempt_at: Timestamp | None
    delivered_at: Timestamp | None
    tries: list[AttemptOut]

    @staticmethod
    def resolve_kind(delivery: Delivery) -> str:
        return delivery.event.kind

    @staticmethod
    def resolve_resource_id(delivery: Delivery) -> int:
        return delivery.event.resource_id

    @staticmethod
    def resolve_tries(delivery: Delivery) -> list:
        return list(delivery.tries.all())


def _owned(request, id: int) -> Webhook:
    return get_owned(Webhook, account=request.auth.account, id=id)


@router.get("/webhooks", response=list[WebhookOut])
@xml_root("webhook")
def webhook_list(request, params: Query[ListParams]):
    webhooks = Webhook.objects.filter(account=request.auth.account)
    return list(list_page(webhooks, params, order_fields=("id", "created_at", "updated_at")))


@router.get("/webhooks/{int:id}", response=WebhookOut)
@xml_root("webhook")
def webhook_show(request, id: int):
    return _owned(request, id)


@router.post("/webhooks", response={201: WebhookWithSecretOut})
@xml_root("webhook")
def webhook_create(request, payload: WebhookWrite):
    data = payload.webhook.model_dump(exclude_unset=True)
    webhook = services.webhook_create(
        account=request.auth.account, data=data, origin_membership=request.auth
    )
    return Status(201, webhook)


@router.api_operation(["PUT", "PATCH"], "/webhooks/{int:id}", response=WebhookOut)
@xml_root("webhook")
def webhook_update(request, id: int, payload: WebhookWrite):
    data = payload.webhook.model_dump(exclude_unset=True)
    return services.webhook_update(account=request.auth.account, id=id, data=data)


@router.post("/webhooks/{int:id}/rotate_secret", response=WebhookWithSecretOut)
@xml_root("webhook")
def webhook_rotate_secret(request, id: int):
    return services.webhook_rotate_secret(account=request.auth.account, id=id)


@router.delete("/webhooks/{int:id}", response=str)
@xml_root("hash")
def webhook_delete(request, id: int):
    services.webhook_delete(account=request.auth.account, id=id)
    return "ok"


@router.get("/webhooks/{int:id}/deliveries", response=list[DeliveryOut])
@xml_root("delivery")
def webhook_deliveries(request, id: int, params: Query[ListParams]):
    webhook = _owned(request, id)
    deliveries = webhook.deliveries.select_related("event").prefetch_related("tries")
    return list(
        list_page(deliveries, params, order_fields=("created_at",), default_order="created_at.desc")
    )


@router.post("/webhooks/{int:id}/deliveries/{delivery_id}/send_again", response=DeliveryOut)
@xml_root("delivery")
def webhook_send_again(request, id: int, delivery_id: str):
    webhook = _owned(request, id)
    try:
        delivery = webhook.deliveries.select_related("event").get(pk=UUID(delivery_id))
    except (ValueError, Delivery.DoesNotExist):
        raise NotFound() from None
    deliver.delivery_send_again(delivery=delivery)
    delivery.refresh_from_db()
    return delivery
