"""Paging, period filters and ordering: handled here once for every list.

Lists are bare arrays. `page` starts at 1; `per_page` defaults to 25 and is
capped at 100 (the reference's maximum; a larger value is capped, not refused,
so clients asking for "everything" still page correctly). `period` picks a
date range on a resource's date field; `more` takes `date_from`/`date_to`.
`order` is `field` or `field.desc` over the fields a resource allows.
"""

import calendar
import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from ninja import Schema
from pydantic import Field

from faktura.api.types import OptionalText
from faktura.errors import BadParameter

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
# Pages past this hold nothing, and their offsets would overflow SQL integers.
MAX_PAGE = 10**9

PERIODS = (
    "last_12_months",
    "this_month",
    "last_30_days",
    "last_month",
    "this_year",
    "last_year",
    "all",
    "more",
)


class ListParams(Schema):
    """The query parameters every list endpoint takes."""

    page: OptionalText = None
    per_page: OptionalText = None
    period: OptionalText = None
    date_from: OptionalText = None
    date_to: OptionalText = None
    order: OptionalText = Field(default=None)


def _positive_int(name: str, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"must be a whole number of 1 or more, got {raw!r}") from None
    if value < 1:
        raise BadParameter(name, f"must be a whole number of 1 or more, got {raw!r}")
    return value


def page_bounds(params: ListParams) -> tuple[int, int]:
    """(offset, limit) for the requested page."""
    page = _positive_int("page", params.page, 1)
    if page > MAX_PAGE:
        raise BadParameter("page", f"must be a whole number from 1 to {MAX_PAGE}")
    per_page = min(_positive_int("per_page", params.per_page, DEFAULT_PER_PAGE), MAX_PER_PAGE)
    return (page - 1) * per_page, per_page


def paginate(queryset: QuerySet, params: ListParams) -> QuerySet:
    offset, limit = page_bounds(params)
    return queryset[offset : offset + limit]


def _parse_date(name: str, raw: str | None) -> dt.date:
    if raw is None:
        raise BadParameter(name, "is required when period=more (format YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, f"must be a date in the format YYYY-MM-DD, got {raw!r}") from None


def _months_back(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_range(
    period: str, today: dt.date, date_from: str | None = None, date_to: str | None = None
) -> tuple[dt.date, dt.date] | None:
    """Inclusive (first, last) days of a period, or None for `all`."""
    if period not in PERIODS:
        raise BadParameter("period", "must be one of: " + ", ".join(PERIODS))
    first_of_month = today.replace(day=1)
    if period == "all":
        return None
    if period == "this_month":
        return first_of_month, today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if period == "last_month":
        last = first_of_month - dt.timedelta(days=1)
        return last.replace(day=1), last
    if period == "last_30_days":
        return today - dt.timedelta(days=29), today
    if period == "last_12_months":
        return _months_back(today, 12) + dt.timedelta(days=1), today
    if period == "this_year":
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if period == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    first, last = _parse_date("date_from", date_from), _parse_date("date_to", date_to)
    if first > last:
        raise BadParameter("date_to", "must not be earlier than date_from")
    return first, last


def filter_period(
    queryset: QuerySet, params: ListParams, field: str, default: str = "all"
) -> QuerySet:
    """Keep rows whose `field` (a date or a timestamp) falls in the requested period."""
    bounds = period_range(
        params.period or default, timezone.localdate(), params.date_from, params.date_to
    )
    if bounds is None:
        return queryset
    first, last = bounds
    model_field = queryset.model._meta.get_field(field)
    if model_field.get_internal_type() == "DateTimeField":
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end})
    return queryset.filter(**{f"{field}__gte": first, f"{field}__lte": last})


def apply_order(
    queryset: QuerySet, params: ListParams, allowed: tuple[str, ...], default: str = "id"
) -> QuerySet:
    """Order by `field` or `field.desc` (one of `allowed`); `id` breaks ties so pages are stable."""
    raw = params.order or default
    name, _, direction = raw.partition(".")
    if name not in allowed or direction not in ("", "desc", "asc"):
        choices = ", ".join(f"{field}, {field}.desc" for field in allowed)
        raise BadParameter("order", f"must be one of: {choices}")
    prefix = "-" if direction == "desc" else ""
    tie_breaker = f"{prefix}id"
    ordering = [f"{prefix}{name}"] + ([tie_breaker] if name != "id" else [])
    return queryset.order_by(*ordering)


def list_page(
    queryset: QuerySet,
    params: ListParams,
    *,
    order_fields: tuple[str, ...],
    period_field: str | None = None,
    default_period: str = "all",
    default_order: str = "id",
) -> QuerySet:
    """Period filter, order and page in one call: what every list endpoint does."""
    if period_field:
        queryset = filter_period(queryset, params, period_field, default_period)
    elif params.period:
        # Still check the value, so a typo is reported rather than ignored.
        period_range(params.period, timezone.localdate(), params.date_from, params.date_to)
    queryset = apply_order(queryset, params, order_fields, default_order)
    return paginate(queryset, params)
