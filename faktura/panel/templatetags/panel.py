"""Template filters of the panel."""

from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from faktura.accounts.urls import account_url
from faktura.documents import labels
from faktura.panel.invoices import listing

register = template.Library()


@register.filter
def kind_title(kind: str) -> str:
    """A document kind's name in the page's language: "vat" → "Faktura VAT"."""
    return labels.title(kind, translation.get_language())


STATUS_LABELS = {
    "issued": _("Issued"),
    "sent": _("Sent"),
    "paid": _("Paid"),
    "partial": _("Partly paid"),
    "rejected": _("Rejected"),
}


@register.filter
def is_overdue(invoice, today) -> bool:
    return listing.is_overdue(invoice, today)


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.simple_tag
def query_with(query, **changes) -> str:
    """The current query string with `changes` applied (for paging links)."""
    query = query.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


PRINT_OPTION_LABELS = {
    "original": _("Original"),
    "copy": _("Copy"),
    "original_and_copy": _("Original and copy"),
    "duplicate": _("Duplicate"),
}
EMAIL_STATUS_LABELS = {"pending": _("queued"), "sent": _("sent"), "failed": _("failed")}
DELIVERY_STATUS_LABELS = {
    "pending": _("waiting"),
    "delivered": _("delivered"),
    "failed": _("failed"),
}


@register.filter
def print_option_label(option: str) -> str:
    return PRINT_OPTION_LABELS.get(option, option)


@register.filter
def email_status_label(status: str) -> str:
    return EMAIL_STATUS_LABELS.get(status, status)


@register.filter
def delivery_status_label(status: str) -> str:
    return DELIVERY_STATUS_LABELS.get(status, status)


@register.filter
def public_link(prefix: str, token: str) -> str:
    """An invoice's public page on its account's host (the API's `view_url`)."""
    return f"{account_url(prefix)}/invoice/{token}"


@register.filter
def errors_for(errors: dict, field: str) -> list[str]:
    """The reasons a service gave for `field` ("buyer_name", "positions.0.tax")."""
    return errors.get(field, []) if errors else []


@register.simple_tag
def row_errors(errors: dict, index: int, field: str) -> list[str]:
    return errors.get(f"positions.{index}.{field}", []) if errors else []


@register.filter
def other_errors(errors: dict, shown: str) -> list[tuple[str, list[str]]]:
    """Errors on fields the form has no input for (`shown`: the names it has, by commas)."""
    names = set(shown.split(","))
    return [
        (field, reasons)
        for field, reasons in (errors or {}).items()
        if field not in names and not field.startswith("positions.")
    ]


@register.filter
def payment_type_label(value: str) -> str:
    return labels.payment_type(value, translation.get_language()) or value


@register.filter
def url_of(resource, view: str) -> str:
    """The URL name of a `crud.Resource`'s view ("list", "new", "edit", "delete")."""
    return resource.url_name(view)


@register.filter
def attribute(row, name: str):
    value = getattr(row, name, "")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else value


@register.filter
def payment_term_label(term: str) -> str:
    """A payment term as the form offers it: a number of days, a date, or none."""
    if term == "other_date":
        return _("on the date given")
    if term == "off":
        return _("no payment term")
    if term == "0":
        return _("on the issue date")
    return _("%(days)s days") % {"days": term}


@register.filter
def discount_kind_label(kind: str) -> str:
    return {
        "percent_unit": _("percent of the unit price"),
        "percent_total": _("percent of the line's total"),
        "amount": _("an amount off the line's total"),
    }.get(kind, kind)
