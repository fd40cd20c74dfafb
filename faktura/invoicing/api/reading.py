"""Invoice reading over the API: `GET /invoices.json` and `GET /invoices/{id}.json`.

The list takes the reference's parameters ("Dodatkowe parametry dostępne przy
pobieraniu listy rekordów"): `page`, `per_page`, `period` (default
`last_12_months`) with `date_from`/`date_to` for `more`, on the date named by
`search_date_type` (`issue_date`, the default, `paid_date` or
`transaction_date`), `client_id`, `number`, `oid`, `kind`, `kinds[]`, `income`,
`invoice_ids`, `invoice_id`, `from_invoice_id`, `status`, `include_positions`
and `order`. A value outside its allowed set is a 400 naming the parameter and
what is allowed.

Decisions where the reference is silent:
- `oid` and `number` match exactly (a claim that `oid` matches substrings has no
  recorded response behind it; a shop looks its order up by its whole id, and
  "10" must not find order "100"). `number` is compared as stored.
- `income`: `no`/`0`/`false` lists expenses, `yes`/`1`/`true` (and no value)
  sales documents, `all` both.
- When `number`, `oid` or `invoice_ids` names the invoices and no `period` is
  given, the period is `all`: such a call looks an invoice up, whatever its date.
- `kind` and `kinds[]` may both be given: an invoice must match both.
- `invoice_ids` takes ids separated by commas or repeated (`invoice_ids[]=1`), at
  most MAX_INVOICE_IDS of them; `invoice_id` / `from_invoice_id` list the
  documents linked to that one (e.g. an order's advances, a proforma's invoice).
- `order` takes the reference's fields and `id`, each with `.desc`; ties are
  broken by id. Without `order` the newest come first (`issue_date.desc`), which
  the (account, issue_date, id) index serves without sorting. `number` orders as
  text.
- `include=descriptions` and `additional_fields[invoice]=…` work on the list too;
  `include` also takes `positions` (the same as `include_positions=true`).
- Every invoice carries `bank_accounts`, and `settlement_positions` when it has
  some, in lists too; the output is `faktura.invoicing.api.output.InvoiceOut`.
"""

from typing import Any

from django.http import HttpResponse
from ninja import Query, Schema

from faktura.api.formats import PDF, request_format
from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import rendered_response, xml_root
from faktura.api.types import LooseBool, OptionalInt, OptionalText
from faktura.documents.pdf import ORIGINAL, PRINT_OPTIONS, invoice_pdf
from faktura.documents.responses import pdf_filename, pdf_response
from faktura.documents.snapshot import invoice_title
from faktura.errors import BadParameter
from faktura.invoicing import selectors
from faktura.invoicing.api.output import (
    InvoiceListOut,
    InvoiceOut,
    invoice_data,
    invoice_list_data,
)
from faktura.invoicing.api.routes import router
from faktura.invoicing.models import Invoice

ORDER_FIELDS = (
    "id",
    "number",
    "updated_at",
    "price_net",
    "price_gross",
    "price_tax",
    "issue_date",
    "payment_to",
    "paid_date",
    "transaction_date",
    "buyer_name",
    "buyer_tax_no",
    "seller_name",
    "oid",
)
DEFAULT_ORDER = "issue_date.desc"
DEFAULT_PERIOD = "last_12_months"
MAX_INVOICE_IDS = 1000

KINDS = tuple(Invoice.Kind.values)
STATUSES = tuple(Invoice.Status.values)
INCLUDES = ("descriptions", "positions")
_INCOME = {"yes": True, "1": True, "true": True, "no": False, "0": False, "false": False}
ALL = "all"


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise BadParameter(name, f"must be one of: {', '.join(allowed)}; got {value!r}")
    return value


def _names(raw: Any) -> list[str]:
    """Comma-separated names, or a list of them, as query parameters bring them."""
    items = raw if isinstance(raw, list) else [raw]
    return [
        name.strip()
        for item in items
        if isinstance(item, str)
        for name in item.split(",")
        if name.strip()
    ]


class ReadParams(Schema):
    """What one invoice's output may add: `include` and `additional_fields[invoice]`."""

    include: OptionalText = None
    additional_fields: Any = None
    correction_positions: OptionalText = None
    print_option: OptionalText = None

    def include_options(self, *, positions: bool) -> selectors.Include:
        includes = [_one_of("include", name, INCLUDES) for name in _names(self.include)]
        return selectors.Include(
            positions=positions or "positions" in includes,
            descriptions="descriptions" in includes,
            additional_fields=self._additional_fields(),
            correction_positions=self.correction_positions is not None
            and _one_of("correction_positions", self.correction_positions, ("full",)) == "full",
        )

    def _additional_fields(self) -> frozenset[str]:
        raw = self.additional_fields
        if raw is None:
            return frozenset()
        if not isinstance(raw, dict) or set(raw) - {"invoice"}:
            raise BadParameter(
                "additional_fields",
                "must be given as additional_fields[invoice]=name,name with names from: "
                + ", ".join(selectors.ADDITIONAL_FIELDS),
            )
        names = _names(raw.get("invoice"))
        return frozenset(
            _one_of("additional_fields[invoice]", name, selectors.ADDITIONAL_FIELDS)
            for name in names
        )


class InvoiceListParams(ListParams, ReadParams):
    search_date_type: OptionalText = None
    client_id: OptionalInt = None
    number: OptionalText = None
    oid: OptionalText = None
    kind: OptionalText = None
    kinds: list[str] | None = None
    income: OptionalText = None
    invoice_ids: list[str] | None = None
    invoice_id: OptionalInt = None
    from_invoice_id: OptionalInt = None
    status: OptionalText = None
    include_positions: LooseBool = None

    def filters(self) -> selectors.InvoiceFilters:
        return selectors.InvoiceFilters(
            income=self._income(),
            client_id=self.client_id,
            number=self.number,
            oid=self.oid,
            kind=None if self.kind is None else _one_of("kind", self.kind, KINDS),
            kinds=tuple(_one_of("kinds", kind, KINDS) for kind in _names(self.kinds)),
            ids=self._ids(),
            invoice_id=self.invoice_id,
            from_invoice_id=self.from_invoice_id,
            status=None if self.status is None else _one_of("status", self.status, STATUSES),
        )

    def date_field(self) -> str:
        if self.search_date_type is None:
            return selectors.SEARCH_DATE_TYPES[0]
        return _one_of("search_date_type", self.search_date_type, selectors.SEARCH_DATE_TYPES)

    def default_period(self) -> str:
        looks_up = self.number is not None or self.oid is not None or self._ids() is not None
        return ALL if looks_up else DEFAULT_PERIOD

    def _income(self) -> bool | None:
        if self.income is None:
            return True
        value = self.income.strip().lower()
        if value == ALL:
            return None
        if value not in _INCOME:
            raise BadParameter(
                "income", f"must be one of: yes, no, 1, 0, true, false, all; got {self.income!r}"
            )
        return _INCOME[value]

    def _ids(self) -> tuple[int, ...] | None:
        texts = _names(self.invoice_ids)
        if not texts:
            return None
        if len(texts) > MAX_INVOICE_IDS:
            raise BadParameter("invoice_ids", f"may name at most {MAX_INVOICE_IDS} invoices")
        if not all(text.isascii() and text.isdigit() for text in texts):
            raise BadParameter(
                "invoice_ids", "must be invoice ids (whole numbers) separated by commas: 12,34"
            )
        # Beyond 19 digits no row can have the id (0 names none either); and Python
        # refuses to convert thousands of digits at all.
        return tuple(int(text) if len(text) <= 19 else 0 for text in texts)


@router.get("/invoices", response=InvoiceListOut)
@xml_root("invoice")
def invoice_list(request, params: Query[InvoiceListParams]):
    account = request.auth.account
    include = params.include_options(positions=bool(params.include_positions))
    invoices = selectors.invoice_list(account=account, filters=params.filters())
    page = list_page(
        invoices,
        params,
        order_fields=ORDER_FIELDS,
        period_field=params.date_field(),
        default_period=params.default_period(),
        default_order=DEFAULT_ORDER,
    )
    invoices = selectors.invoices_for_output(page, include, account=account)
    return rendered_response(request, invoice_list_data(invoices))


@router.get("/invoices/{int:id}", response=InvoiceOut)
@xml_root("invoice")
def invoice_show(request, id: int, params: Query[ReadParams]):
    if request_format(request) == PDF:
        return _invoice_pdf(request, id, params)
    include = params.include_options(positions=True)
    invoice = selectors.invoice_detail(account=request.auth.account, id=id, include=include)
    return rendered_response(request, invoice_data(invoice))


def _invoice_pdf(request, id: int, params: ReadParams) -> HttpResponse:
    """`GET /invoices/{id}.pdf?print_option=…`: the printed invoice, as a download."""
    print_option = _one_of("print_option", params.print_option or ORIGINAL, PRINT_OPTIONS)
    invoice = selectors.get_invoice(account=request.auth.account, id=id)
    content = invoice_pdf(invoice, print_option=print_option)
    return pdf_response(content, pdf_filename(invoice_title(invoice), invoice.number))
