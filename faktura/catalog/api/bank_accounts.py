"""Bank accounts over the API (API_RACHUNKI_BANKOWE.md, section 4).

Lengths, the IBAN check and the allowed `own_bank_account_type` values are checked by
the service, so that errors carry the reference's own messages
(`"is too long (maximum is 255 characters)"`, `"is not included in the list"`).
"""

from typing import Annotated

from django.http import HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import BeforeValidator

from faktura.api.formats import CONTENT_TYPES, JSON, XML, request_format
from faktura.api.listing import ListParams, list_page
from faktura.api.railsparams import indexed_to_list
from faktura.api.rendering import xml_root
from faktura.api.types import LooseBool, OptionalInt, OptionalText
from faktura.catalog.selectors import bank_accounts as selectors
from faktura.catalog.services import bank_accounts as services
from faktura.errors import BadParameter

router = Router(tags=["bank accounts"])


class BankAccountFields(Schema):
    """A bank account's attributes as clients send them; also an invoice's `bank_accounts` item."""

    name: OptionalText = None
    bank_name: OptionalText = None
    bank_account_number: OptionalText = None
    bank_currency: OptionalText = None
    bank_swift: OptionalText = None
    account_description: OptionalText = None
    own_bank_account: LooseBool = None
    own_bank_account_type: OptionalText = None
    factor_bank_account: LooseBool = None


class DepartmentLinkIn(Schema):
    department_id: OptionalInt = None
    show_on_invoice: LooseBool = None
    main_on_department: LooseBool = None
    remove: LooseBool = None


class BankAccountIn(BankAccountFields):
    bank_account_version_departments: Annotated[
        list[DepartmentLinkIn] | None, BeforeValidator(indexed_to_list)
    ] = None


class BankAccountWrite(Schema):
    api_token: OptionalText = None
    bank_account: BankAccountIn


class BankAccountOnInvoiceOut(Schema):
    """A bank account as an invoice shows it (`bank_accounts` of an invoice)."""

    id: int
    name: str | None
    bank_name: str | None
    bank_account_number: str
    bank_currency: str
    bank_swift: str | None
    account_description: str | None
    own_bank_account: bool
    own_bank_account_type: str | None
    factor_bank_account: bool


class DepartmentLinkOut(Schema):
    department_id: int
    show_on_invoice: bool
    main_on_department: bool


class BankAccountOut(BankAccountOnInvoiceOut):
    """The reference's BankAccountSerializer: the same for list, show, create and update."""

    bank_account_id: int
    bank_account_version_departments: list[DepartmentLinkOut]

    @staticmethod
    def resolve_bank_account_id(bank_account) -> int:
        return bank_account.pk

    @staticmethod
    def resolve_bank_account_version_departments(bank_account) -> list:
        # Sorted here rather than in the query, so the prefetched links are used.
        return sorted(bank_account.department_links.all(), key=lambda link: link.department_id)


class BankAccountListParams(ListParams):
    # Not in the reference: only the accounts linked to a department, or in a currency.
    department_id: OptionalText = None
    bank_currency: OptionalText = None


ORDER_FIELDS = ("id", "name", "bank_name", "bank_currency", "created_at", "updated_at")


def _department_id(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadParameter("department_id", f"must be a department's id, got {raw!r}") from None


@router.get("/bank_accounts", response=list[BankAccountOut])
@xml_root("bank_account")
def bank_account_list(request, params: Query[BankAccountListParams]):
    bank_accounts = selectors.bank_account_list(
        account=request.auth.account,
        department_id=_department_id(params.department_id),
        currency=params.bank_currency,
    )
    return list(
        list_page(bank_accounts, params, order_fields=ORDER_FIELDS, period_field="created_at")
    )


@router.get("/bank_accounts/{int:id}", response=BankAccountOut)
@xml_root("bank_account")
def bank_account_show(request, id: int):
    return selectors.get_bank_account(account=request.auth.account, id=id)


@router.post("/bank_accounts", response={201: BankAccountOut})
@xml_root("bank_account")
def bank_account_create(request, payload: BankAccountWrite):
    data = payload.bank_account.model_dump(exclude_unset=True)
    return Status(201, services.bank_account_create(account=request.auth.account, data=data))


@router.api_operation(["PUT", "PATCH"], "/bank_accounts/{int:id}", response=BankAccountOut)
@xml_root("bank_account")
def bank_account_update(request, id: int, payload: BankAccountWrite):
    data = payload.bank_account.model_dump(exclude_unset=True)
    return services.bank_account_update(account=request.auth.account, id=id, data=data)


@router.delete("/bank_accounts/{int:id}", response={200: None})
def bank_account_delete(request, id: int):
    services.bank_account_delete(account=request.auth.account, id=id)
    # The reference's `head :ok`: 200 with an empty body (not the "ok" other resources answer).
    fmt = XML if request_format(request) == XML else JSON
    return HttpResponse(status=200, content_type=CONTENT_TYPES[fmt])
