"""Error bodies of the API, the same for every resource.

`{"code": "error", "message": …}` with:
- 400 for a malformed body or a parameter outside its allowed set: the
  message names the parameter, and `request` repeats the path and query
  (secrets removed) so a client can see which call it was;
- 401 for missing or wrong credentials;
- 404 "Not found" (also for another account's ids);
- 422 with `message` as `{"field": ["reason", …]}`;
- 429 with `Retry-After`.
No stack trace or internal detail reaches a client.
"""

import logging

from django.http import Http404, HttpRequest
from ninja.errors import AuthenticationError, HttpError, ValidationError

from faktura.api.parsing import BodyError
from faktura.api.redaction import request_description
from faktura.errors import BadParameter, Forbidden, Invalid, NotFound

logger = logging.getLogger("faktura.api")

NOT_LOGGED_IN = "You must be logged in to gain access to the site"


class RateLimited(HttpError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(429, "Too many requests: slow down and retry after the given seconds")
        self.retry_after = retry_after


class Unauthenticated(AuthenticationError):
    """401 with a specific reason (a token of another account, an unknown prefix)."""

    def __init__(self, message: str = NOT_LOGGED_IN) -> None:
        super().__init__(401, message)


def _body(message, **extra) -> dict:
    return {"code": "error", "message": message, **extra}


def bad_request(api, request: HttpRequest, message: str):
    return api.create_response(
        request, _body(message, request=request_description(request)), status=400
    )


def _field_name(loc: tuple) -> str:
    """The client-facing name of a pydantic error location: `buyer_name`, `positions.0.tax`."""
    parts = [str(part) for part in loc]
    # Drop the source ("body", "query") and the view's parameter name.
    if parts and parts[0] in ("body", "query", "path", "form", "file"):
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    # Inside a wrapper (`{"invoice": {...}}`) the client knows the field by its own name.
    return ".".join(parts[1:] if len(parts) > 1 else parts)


def _reason(error: dict) -> str:
    message = error.get("msg", "is invalid")
    return message.removeprefix("Value error, ")


def on_validation_error(api, request, exc: ValidationError):
    query_errors = [e for e in exc.errors if e.get("loc", ("",))[0] in ("query", "path")]
    if query_errors:
        error = query_errors[0]
        name = str(error["loc"][-1])
        return bad_request(api, request, f"Invalid parameter {name}: {_reason(error)}")
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(tuple(error.get("loc", ()))), []).append(_reason(error))
    return api.create_response(request, _body(fields), status=422)


def on_bad_parameter(api, request, exc: BadParameter):
    return bad_request(api, request, f"Invalid parameter {exc.name}: {exc.reason}")


def on_body_error(api, request, exc: BodyError):
    return bad_request(api, request, str(exc))


def on_invalid(api, request, exc: Invalid):
    return api.create_response(request, _body(exc.errors), status=422)


def on_not_found(api, request, exc):
    body = _body("Not found", status=404, error="Not Found")
    return api.create_response(request, body, status=404)


def on_forbidden(api, request, exc: Forbidden):
    message = str(exc) or "Your role does not allow this"
    return api.create_response(request, _body(message), status=403)


def on_http_error(api, request, exc: HttpError):
    if isinstance(exc.__cause__, BodyError):
        return on_body_error(api, request, exc.__cause__)
    if exc.status_code == 400:
        return bad_request(api, request, str(exc))
    if isinstance(exc, AuthenticationError):
        message = NOT_LOGGED_IN if str(exc) == "Unauthorized" else str(exc)
        return api.create_response(request, _body(message), status=401)
    response = api.create_response(request, _body(str(exc)), status=exc.status_code)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


def on_unexpected(api, request, exc: Exception):
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return api.create_response(request, _body("Internal server error"), status=500)


def install(api) -> None:
    handlers = [
        (ValidationError, on_validation_error),
        (BadParameter, on_bad_parameter),
        (BodyError, on_body_error),
        (Invalid, on_invalid),
        (NotFound, on_not_found),
        (Http404, on_not_found),
        (Forbidden, on_forbidden),
        (HttpError, on_http_error),
        (Exception, on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(
            exc_class, lambda request, exc, handler=handler: handler(api, request, exc)
        )


def api_error_response(request, body: dict, status: int):
    """An error body in the request's format, for errors raised outside Django Ninja."""
    from django.http import HttpResponse

    from faktura.api.formats import CONTENT_TYPES, XML, request_format
    from faktura.api.rendering import to_json, to_xml

    if request_format(request) == XML:
        return HttpResponse(to_xml(request, body), status=status, content_type=CONTENT_TYPES[XML])
    return HttpResponse(to_json(body), status=status, content_type="application/json")
