"""The services' refusals shown on the panel's forms, next to the field they name."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404

from faktura.errors import Forbidden, Invalid, NotFound


def add_service_errors(form: forms.Form, error: Invalid, *, prefix: str = "") -> None:
    """Put each of `error`'s reasons on the form field it names, the rest above the form.

    The services name fields as the API does (`buyer_name`, `positions.0.tax`);
    `prefix` is stripped first (e.g. "client." for a nested form). Reasons for a
    field the form lacks are shown as form-wide errors with the field's name, so
    nothing the service said is lost.
    """
    for field, reasons in error.errors.items():
        name = field.removeprefix(prefix)
        for reason in reasons:
            if name in form.fields:
                form.add_error(name, reason)
            else:
                form.add_error(None, f"{field}: {reason}")


def http_error(error: Exception) -> Exception:
    """The HTTP error a page raises for a service's NotFound or Forbidden."""
    if isinstance(error, NotFound):
        return Http404()
    if isinstance(error, Forbidden):
        return PermissionDenied()
    return error
