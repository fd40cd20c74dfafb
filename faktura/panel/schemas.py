"""Panel input read through the API's own schemas, so both take the same values the same way.

A panel form gathers fields under the API's names; `validated` checks them with
the API resource's pydantic schema (lenient numbers, dates, booleans as the
dialect takes them) and returns the data dict the services expect, or raises
`Invalid` naming each field as the API's 422 would (`positions.0.tax`).
"""

import datetime as dt

from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError

from faktura.errors import Invalid


def _field(location: tuple) -> str:
    return ".".join(str(part) for part in location)


def validated(schema: type[BaseModel], values: dict) -> BaseModel:
    """`values` checked by `schema`; Invalid by field when they do not fit."""
    try:
        return schema.model_validate(values)
    except ValidationError as error:
        errors: dict[str, list[str]] = {}
        for problem in error.errors():
            reason = problem.get("msg", "is invalid").removeprefix("Value error, ")
            errors.setdefault(_field(tuple(problem.get("loc", ()))), []).append(reason)
        raise Invalid(errors) from None


def iso_date(text: str, field: str) -> dt.date | None:
    """The date a date input sends (YYYY-MM-DD), None for none; Invalid on `field` else."""
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid.field(field, _("give the date as YYYY-MM-DD")) from None
