"""Warehouse actions over the API ("Akcje magazynowe"): a list with the reference's filters."""

import datetime as dt

from ninja import Query, Router

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import OptionalInt, OptionalText
from faktura.errors import BadParameter
from faktura.warehouse import selectors
from faktura.warehouse.api.documents import ActionOut
from faktura.warehouse.models import WarehouseDocument

router = Router(tags=["warehouse actions"])
KINDS = tuple(WarehouseDocument.Kind.values)


class ActionListParams(ListParams):
    warehouse_id: OptionalInt = None
    kind: OptionalText = None
    product_id: OptionalInt = None
    from_warehouse_document: OptionalInt = None
    to_warehouse_document: OptionalInt = None
    warehouse_document_id: OptionalInt = None


def _day(name: str, raw: str | None) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise BadParameter(name, f"must be a date (YYYY-MM-DD), got {raw!r}") from None


@router.get("/warehouse_actions", response=list[ActionOut])
@xml_root("warehouse_action")
def action_list(request, params: Query[ActionListParams]):
    if params.kind is not None and params.kind not in KINDS:
        raise BadParameter("kind", f"must be one of: {', '.join(KINDS)}; got {params.kind!r}")
    filters = selectors.ActionFilters(
        warehouse_id=params.warehouse_id,
        kind=params.kind,
        product_id=params.product_id,
        date_from=_day("date_from", params.date_from),
        date_to=_day("date_to", params.date_to),
        issued_by=params.from_warehouse_document,
        received_by=params.to_warehouse_document,
        document_id=params.warehouse_document_id,
    )
    actions = selectors.action_list(account=request.auth.account, filters=filters)
    return list(list_page(actions, params, order_fields=("id", "created_at")))
