"""Payments over the API ("Płatności", `/banking/payments.json`).

Keys follow the recorded payment entity (api-wire-format.md §1.4) for what Faktura
keeps; `paid_date` is a timestamp, as on the wire. `invoice_id` is the first
invoice paid and `invoice_ids` all of them in their order. A single payment is
served at `/banking/payments/{id}.json` and at the singular `/banking/payment/{id}.json`
the reference shows. `include=invoices` adds each payment's invoices as the
invoice API renders them.
"""

import datetime as dt
from typing import Any

from ninja import Query, Router, Schema
from pydantic import Field

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import rendered_response, xml_root
from faktura.api.types import (
    IdList,
    LooseBool,
    LooseText,
    MoneyIn,
    MoneyOut,
    OptionalInt,
    OptionalText,
    QuantityIn,
    QuantityOut,
    Timestamp,
)
from faktura.errors import BadParameter
from faktura.invoicing import selectors as invoice_selectors
from faktura.invoicing.api.output import invoice_list_data
from faktura.payments.models import Payment
from faktura.payments.services import payments as services
from faktura.tenancy import get_owned

router = Router(tags=["payments"])


def _text(max_length: int):
    return Field(default=None, max_length=max_length)


class PaymentIn(Schema):
    name: OptionalText = _text(255)
    price: MoneyIn = None
    currency: OptionalText = Field(default=None, min_length=3, max_length=3)
    paid: LooseBool = None
    paid_date: dt.datetime | dt.date | None = None
    kind: OptionalText = _text(30)
    description: OptionalText = None
    provider: OptionalText = _text(100)
    provider_title: OptionalText = _text(255)
    provider_status: OptionalText = _text(100)
    invoice_id: OptionalInt = None
    invoice_ids: IdList = None
    client_id: OptionalInt = None
    department_id: OptionalInt = None
    first_name: OptionalText = _text(100)
    last_name: OptionalText = _text(100)
    email: OptionalText = _text(255)
    phone: OptionalText = _text(50)
    street: OptionalText = _text(255)
    city: OptionalText = _text(100)
    post_code: OptionalText = _text(20)
    country: OptionalText = _text(100)
    oid: OptionalText = _text(255)
    external_payment_id: OptionalText = _text(255)
    generate_invoice: LooseBool = None
    invoice_name: OptionalText = _text(255)
    invoice_tax_no: OptionalText = _text(50)
    invoice_street: OptionalText = _text(255)
    invoice_city: OptionalText = _text(100)
    invoice_post_code: OptionalText = _text(20)
    invoice_country: OptionalText = _text(100)
    product_id: OptionalInt = None
    quantity: QuantityIn = None
    tax: LooseText = _text(20)


class PaymentWrite(Schema):
    api_token: OptionalText = None
    banking_payment: PaymentIn


class PaymentOut(Schema):
    id: int
    name: str
    price: MoneyOut
    currency: str
    paid: bool
    paid_date: Timestamp | None
    kind: str
    description: str
    invoice_id: int | None
    invoice_ids: list[int]
    client_id: int | None
    department_id: int | None
    user_id: int | None
    provider: str
    provider_title: str
    provider_status: str
    first_name: str
    last_name: str
    email: str
    phone: str
    street: str
    city: str
    post_code: str
    country: str
    oid: str
    external_payment_id: str
    generate_invoice: bool
    invoice_name: str
    invoice_tax_no: str
    invoice_street: str
    invoice_city: str
    invoice_post_code: str
    invoice_country: str
    product_id: int | None
    quantity: QuantityOut
    tax: str
    account_id: int
    deleted: bool = False
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_invoice_ids(payment: Payment) -> list[int]:
        return [row.invoice_id for row in payment.allocations.all()]

    @staticmethod
    def resolve_invoice_id(payment: Payment) -> int | None:
        rows = list(payment.allocations.all())
        return rows[0].invoice_id if rows else None


class PaymentListParams(ListParams):
    include: OptionalText = None


ORDER_FIELDS = ("id", "price", "paid_date", "created_at", "updated_at")


def _payments(account):
    return Payment.objects.filter(account=account).prefetch_related("allocations")


def payment_data(payment: Payment) -> dict[str, Any]:
    """One payment as the API renders it (also an invoice's `connected_payments` item)."""
    return PaymentOut.model_validate(payment).model_dump()


def _render(request, payments: list[Payment], *, with_invoices: bool) -> list[dict[str, Any]]:
    rows = [payment_data(payment) for payment in payments]
    if with_invoices:
        ids = {pk for row in rows for pk in row["invoice_ids"]}
        invoices = invoice_selectors.invoices_for_output(
            invoice_selectors.invoice_list(
                account=request.auth.account, filters=invoice_selectors.InvoiceFilters(income=None)
            ).filter(pk__in=ids),
            invoice_selectors.Include(positions=False),
        )
        rendered = dict(zip((i.pk for i in invoices), invoice_list_data(invoices), strict=True))
        for row in rows:
            row["invoices"] = [rendered[pk] for pk in row["invoice_ids"] if pk in rendered]
    return rows


@router.get("/banking/payments", response=list[PaymentOut])
@xml_root("banking_payment")
def payment_list(request, params: Query[PaymentListParams]):
    if params.include not in (None, "invoices"):
        raise BadParameter("include", f"must be invoices; got {params.include!r}")
    payments = list_page(
        _payments(request.auth.account),
        params,
        order_fields=ORDER_FIELDS,
        period_field="created_at",
    )
    rows = _render(request, list(payments), with_invoices=params.include == "invoices")
    return rendered_response(request, rows)


def _one(request, id: int, status: int = 200):
    payment = get_owned(_payments(request.auth.account), account=request.auth.account, id=id)
    return rendered_response(
        request, _render(request, [payment], with_invoices=False)[0], status=status
    )


@router.get("/banking/payments/{int:id}", response=PaymentOut)
@xml_root("banking_payment")
def payment_show(request, id: int):
    return _one(request, id)


@router.get("/banking/payment/{int:id}", response=PaymentOut)
@xml_root("banking_payment")
def payment_show_singular(request, id: int):
    return _one(request, id)


@router.post("/banking/payments", response={201: PaymentOut})
@xml_root("banking_payment")
def payment_create(request, payload: PaymentWrite):
    data = payload.banking_payment.model_dump(exclude_unset=True)
    payment = services.payment_create(
        account=request.auth.account, user=request.auth.user, data=data
    )
    return _one(request, payment.pk, status=201)


@router.api_operation(["PUT", "PATCH"], "/banking/payments/{int:id}", response=PaymentOut)
@xml_root("banking_payment")
def payment_update(request, id: int, payload: PaymentWrite):
    data = payload.banking_payment.model_dump(exclude_unset=True)
    services.payment_update(account=request.auth.account, id=id, data=data)
    return _one(request, id)


@router.delete("/banking/payments/{int:id}", response=str)
@xml_root("hash")
def payment_delete(request, id: int):
    services.payment_delete(account=request.auth.account, id=id)
    return "ok"
