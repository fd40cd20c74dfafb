"""Clients over the API ("Klienci").

Decisions where the reference is silent:
- Text fields also take numbers (`"tax_no": 5252445767`, `"external_id": 100`), as
  clients of the API send them; `tag_list` takes a list or a comma-separated string.
- PUT and PATCH both change only the fields sent.
- `tax_no_check` is the number with its country prefix ("PL5252445767"), see
  `faktura.catalog.tax_numbers.with_country_prefix`; `discount` leaves as a string
  without trailing zeros ("10", "12.5").
- List filters: `name` (substring, any case), `email` (whole, any case), `shortcut`,
  `external_id` (exact), `tax_no` (ignoring spaces, hyphens, dots and a country prefix),
  `tag` and `tags[]` (clients having every one of the tags).
"""

from typing import Annotated

from ninja import Query, Router, Schema, Status
from pydantic import Field

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import (
    IndexedList,
    LooseBool,
    LooseDecimal,
    LooseText,
    OptionalInt,
    OptionalText,
    PercentOut,
    TagList,
    Timestamp,
)
from faktura.catalog import tax_numbers
from faktura.catalog.models import Client
from faktura.catalog.selectors import clients as selectors
from faktura.catalog.services import clients as services
from faktura.events.origin import set_origin

router = Router(tags=["clients"])


class ClientIn(Schema):
    name: LooseText = Field(default=None, max_length=255)
    shortcut: LooseText = Field(default=None, max_length=255)
    tax_no_kind: LooseText = Field(default=None, max_length=20)
    tax_no: LooseText = Field(default=None, max_length=50)
    disable_tax_no_validation: LooseBool = None
    register_number: LooseText = Field(default=None, max_length=50)
    accounting_id: LooseText = Field(default=None, max_length=100)
    post_code: LooseText = Field(default=None, max_length=20)
    city: LooseText = Field(default=None, max_length=100)
    street: LooseText = Field(default=None, max_length=255)
    country: LooseText = Field(default=None, max_length=100)
    use_delivery_address: LooseBool = None
    delivery_address: LooseText = Field(default=None, max_length=10_000)
    first_name: LooseText = Field(default=None, max_length=100)
    last_name: LooseText = Field(default=None, max_length=100)
    email: LooseText = Field(default=None, max_length=255)
    phone: LooseText = Field(default=None, max_length=50)
    mobile_phone: LooseText = Field(default=None, max_length=50)
    www: LooseText = Field(default=None, max_length=255)
    fax: LooseText = Field(default=None, max_length=50)
    note: LooseText = Field(default=None, max_length=100_000)
    tag_list: TagList = None
    company: LooseBool = None
    kind: LooseText = Field(default=None, max_length=10)
    category_id: OptionalInt = None
    bank: LooseText = Field(default=None, max_length=255)
    bank_account: LooseText = Field(default=None, max_length=100)
    discount: LooseDecimal = None
    default_tax: LooseText = Field(default=None, max_length=20)
    price_list_id: OptionalInt = None
    payment_to_kind: LooseText = Field(default=None, max_length=20)
    default_payment_type: LooseText = Field(default=None, max_length=100)
    disable_auto_reminders: LooseBool = None
    person: LooseText = Field(default=None, max_length=255)
    buyer_id: OptionalInt = None
    mass_payment_code: LooseText = Field(default=None, max_length=50)
    external_id: LooseText = Field(default=None, max_length=255)
    tp_client_connection: LooseBool = None


class ClientWrite(Schema):
    api_token: OptionalText = None
    client: ClientIn


class ClientOut(Schema):
    id: int
    name: str
    shortcut: str
    tax_no_kind: str
    tax_no: str
    tax_no_check: str | None
    disable_tax_no_validation: bool
    register_number: str
    accounting_id: str
    post_code: str
    city: str
    street: str
    country: str
    use_delivery_address: bool
    delivery_address: str
    first_name: str
    last_name: str
    email: str
    phone: str
    mobile_phone: str
    www: str
    fax: str
    note: str
    tag_list: list[str]
    company: bool
    kind: str
    category_id: int | None
    bank: str
    bank_account: str
    discount: PercentOut
    default_tax: str
    price_list_id: int | None
    payment_to_kind: str
    default_payment_type: str
    disable_auto_reminders: bool
    person: str
    buyer_id: int | None
    mass_payment_code: str
    external_id: str
    tp_client_connection: bool
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_tag_list(obj: Client) -> list[str]:
        return list(obj.tags or [])

    @staticmethod
    def resolve_tax_no_check(obj: Client) -> str | None:
        return tax_numbers.with_country_prefix(
            obj.tax_no, country=obj.country, tax_no_kind=obj.tax_no_kind
        )


class ClientListParams(ListParams):
    name: OptionalText = None
    email: OptionalText = None
    shortcut: OptionalText = None
    tax_no: OptionalText = None
    external_id: OptionalText = None
    tag: OptionalText = None
    tags: list[str] | None = None

    def filters(self) -> selectors.ClientFilters:
        tags = [tag for tag in [self.tag, *(self.tags or [])] if tag]
        return selectors.ClientFilters(
            name=self.name,
            email=self.email,
            shortcut=self.shortcut,
            tax_no=self.tax_no,
            external_id=self.external_id,
            tags=tags,
        )


ORDER_FIELDS = ("id", "name", "shortcut", "created_at", "updated_at")


@router.get("/clients", response=list[ClientOut])
@xml_root("client")
def client_list(request, params: Query[ClientListParams]):
    clients = selectors.client_list(account=request.auth.account, filters=params.filters())
    return list(list_page(clients, params, order_fields=ORDER_FIELDS, period_field="created_at"))


@router.get("/clients/{int:id}", response=ClientOut)
@xml_root("client")
def client_show(request, id: int):
    return selectors.get_client(account=request.auth.account, id=id)


@router.post("/clients", response={201: ClientOut})
@xml_root("client")
def client_create(request, payload: ClientWrite):
    data = payload.client.model_dump(exclude_unset=True)
    return Status(201, services.client_create(account=request.auth.account, data=data))


class ExternalUpdateIn(Schema):
    api_token: OptionalText = None
    clients: Annotated[list[ClientIn], IndexedList]


class ExternalRowOut(Schema):
    id: int
    external_id: str


class ExternalUpdateOut(Schema):
    code: str
    created: list[ExternalRowOut]
    updated: list[ExternalRowOut]


@router.post("/clients/external_update", response=ExternalUpdateOut)
@xml_root("result")
def clients_external_update(request, payload: ExternalUpdateIn):
    """Seed 001's historical sync: create or update each client by `external_id`.

    The changes are marked as coming from the caller's credentials, so the caller's
    own webhooks do not hear of them again (faktura.events.origin)."""
    set_origin(request.auth.pk)
    items = [client.model_dump(exclude_unset=True) for client in payload.clients]
    done = services.clients_external_update(account=request.auth.account, items=items)
    return {"code": "success", **done}


@router.api_operation(["PUT", "PATCH"], "/clients/{int:id}", response=ClientOut)
@xml_root("client")
def client_update(request, id: int, payload: ClientWrite):
    data = payload.client.model_dump(exclude_unset=True)
    return services.client_update(account=request.auth.account, id=id, data=data)


@router.delete("/clients/{int:id}", response=str)
@xml_root("hash")
def client_delete(request, id: int):
    services.client_delete(account=request.auth.account, id=id)
    return "ok"
