"""Recurring invoices over the API ("faktury cykliczne"): `/recurrings.json`.

`GET/POST /recurrings.json`, `GET/PUT/PATCH/DELETE /recurrings/{id}.json`, the
request wrapped in `recurring` as the reference shows. Dates are `YYYY-MM-DD`; an
empty date or the string "null" (as in the reference's create example) means none.
Besides the reference's fields the answer carries `state` (active, paused,
finished; `active: true/false` is also taken), `catch_up`, `last_invoice_date`,
`invoices_count` and `invoice_ids`, the invoices it issued.
"""

import datetime as dt
from typing import Annotated, Any

from ninja import Query, Router, Schema, Status
from pydantic import BeforeValidator, Field

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import LooseBool, LooseText, OptionalInt, OptionalText, Timestamp
from faktura.invoicing.recurring import services
from faktura.invoicing.recurring.models import Recurring
from faktura.tenancy import get_owned

router = Router(tags=["recurrings"])


def _day(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in ("", "null"):
        return None
    return value


RecurringDay = Annotated[dt.date | None, BeforeValidator(_day)]


class RecurringIn(Schema):
    name: OptionalText = Field(default=None, max_length=255)
    invoice_id: OptionalInt = None
    start_date: RecurringDay = None
    end_date: RecurringDay = None
    next_invoice_date: RecurringDay = None
    every: LooseText = Field(default=None, max_length=10)
    issue_working_day_only: LooseBool = None
    send_email: LooseBool = None
    buyer_email: OptionalText = Field(default=None, max_length=2000)
    state: OptionalText = Field(default=None, max_length=10)
    active: LooseBool = None
    catch_up: LooseBool = None


class RecurringWrite(Schema):
    api_token: OptionalText = None
    recurring: RecurringIn


class RecurringOut(Schema):
    id: int
    name: str
    invoice_id: int | None
    every: str
    start_date: dt.date
    end_date: dt.date | None
    next_invoice_date: dt.date | None
    last_invoice_date: dt.date | None
    issue_working_day_only: bool
    send_email: bool
    buyer_email: str
    state: str
    catch_up: bool
    invoices_count: int
    invoice_ids: list[int]
    account_id: int
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_invoice_ids(recurring: Recurring) -> list[int]:
        return [
            period.invoice_id for period in recurring.periods.all() if period.invoice_id is not None
        ]


def _data(payload: RecurringWrite) -> dict:
    return payload.recurring.model_dump(exclude_unset=True)


@router.get("/recurrings", response=list[RecurringOut])
@xml_root("recurring")
def recurring_list(request, params: Query[ListParams]):
    rows = Recurring.objects.filter(account=request.auth.account).prefetch_related("periods")
    return list(
        list_page(rows, params, order_fields=("id", "name", "next_invoice_date", "created_at"))
    )


@router.get("/recurrings/{int:id}", response=RecurringOut)
@xml_root("recurring")
def recurring_show(request, id: int):
    return get_owned(Recurring, account=request.auth.account, id=id)


@router.post("/recurrings", response={201: RecurringOut})
@xml_root("recurring")
def recurring_create(request, payload: RecurringWrite):
    recurring = services.recurring_create(account=request.auth.account, data=_data(payload))
    return Status(201, recurring)


@router.api_operation(["PUT", "PATCH"], "/recurrings/{int:id}", response=RecurringOut)
@xml_root("recurring")
def recurring_update(request, id: int, payload: RecurringWrite):
    return services.recurring_update(account=request.auth.account, id=id, data=_data(payload))


@router.delete("/recurrings/{int:id}", response=str)
@xml_root("hash")
def recurring_delete(request, id: int):
    services.recurring_delete(account=request.auth.account, id=id)
    return "ok"
