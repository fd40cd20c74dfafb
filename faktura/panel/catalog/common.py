"""What the catalog's own pages share: lists searched and paged through htmx, rows typed
in a table (price list positions, warehouse actions), the API's payload they make and
the services' refusals put back on the fields and rows they name.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from pydantic import BaseModel

from faktura.errors import Invalid
from faktura.panel.errors import add_service_errors
from faktura.panel.htmx import wants_fragment
from faktura.panel.schemas import validated

PER_PAGE = 25
# A table form never sends more rows than a person types; the services have their own limits.
MAX_ROWS = 200


def own_row(rows: type[Model] | QuerySet, request: HttpRequest, id: int):
    """The account's row with this id; another account's (or none) is a 404."""
    manager = rows.objects if isinstance(rows, type) else rows
    row = manager.filter(account=request.account, pk=id).first()
    if row is None:
        raise Http404
    return row


def searched(rows: QuerySet, text: str, fields: Iterable[str]) -> QuerySet:
    if not text:
        return rows
    match = Q()
    for name in fields:
        match |= Q(**{f"{name}__icontains": text})
    return rows.filter(match)


def list_page(request: HttpRequest, rows: QuerySet, template_dir: str, context: dict):
    """The whole list page, or only its rows when htmx asks (search as you type, paging)."""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {**context, "page": page, "query": request.GET.copy()}
    fragment = "rows" if wants_fragment(request) else "list"
    return render(request, f"{template_dir}/{fragment}.html", context)


def search_text(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:100]


def posted_rows(post, prefix: str, names: Iterable[str]) -> list[dict[str, str]]:
    """Rows posted as `<prefix>-<index>-<name>` with their number in `<prefix>-count`."""
    try:
        count = int(post.get(f"{prefix}-count", "0"))
    except ValueError:
        count = 0
    return [
        {name: post.get(f"{prefix}-{index}-{name}", "").strip() for name in names}
        for index in range(max(0, min(count, MAX_ROWS)))
    ]


def api_payload(schema: type[BaseModel], key: str, values: dict) -> BaseModel:
    """`values` read by the API's write schema as if sent under `key` (`{"price_list": …}`);
    Invalid names the fields without the `key.` the API's errors start with."""
    try:
        return validated(schema, {key: values})
    except Invalid as error:
        raise Invalid(
            {name.removeprefix(f"{key}."): reasons for name, reasons in error.errors.items()}
        ) from None


@dataclass
class RowErrors:
    """A service's refusal split between the form's fields, its rows and the rows' table."""

    rows: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    table: list[str] = field(default_factory=list)

    def of(self, index: int) -> dict[str, list[str]]:
        return self.rows.get(index, {})


def put_errors(
    form: forms.Form,
    error: Invalid,
    *,
    rows_field: str,
    sent_rows: list[int],
    row_fields: dict[str, str],
) -> RowErrors:
    """Put `error`'s reasons on `form` and on the rows they name.

    `sent_rows[i]` is the place on the page of the i-th row sent to the service;
    `row_fields` maps the API's row field names to the page's. Reasons for the
    table as a whole, or a row field the page lacks, are shown above the table.
    """
    rows = RowErrors()
    others: dict[str, list[str]] = {}
    for name, reasons in error.errors.items():
        if name != rows_field and not name.startswith(f"{rows_field}."):
            others[name] = reasons
            continue
        parts = name.split(".")
        if len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) < len(sent_rows):
            shown = row_fields.get(parts[2])
            if shown is not None:
                place = sent_rows[int(parts[1])]
                rows.rows.setdefault(place, {}).setdefault(shown, []).extend(reasons)
                continue
            rows.table.extend(f"{int(parts[1]) + 1}: {reason}" for reason in reasons)
            continue
        rows.table.extend(reasons)
    if others:
        add_service_errors(form, Invalid(others))
    return rows


def unprocessable(request: HttpRequest, template: str, context: dict, failed: bool) -> HttpResponse:
    return render(request, template, context, status=422 if failed else 200)
