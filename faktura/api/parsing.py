"""Request bodies and query strings in every shape the API's clients send.

JSON, Rails-style nested form fields (`invoice[positions][][name]=…`, as
jQuery and PHP's http_build_query send them), multipart with files, and
Rails `to_xml`-shaped XML all become the same nested dict.
"""

import io
import json

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from ninja.errors import HttpError
from ninja.parser import Parser

from faktura.api.railsparams import ParamsError, parse_nested
from faktura.api.xmlcodec import XmlError, parse_xml

_CACHE_ATTR = "_faktura_parsed_body"


class BodyError(ValueError):
    """The body cannot be read; the message says why (answered with 400)."""


def _media_type(request: HttpRequest) -> str:
    return request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()


def _form_data(request: HttpRequest):
    """The form fields and files of the body, for every method.

    Django fills `request.POST` and `request.FILES` for POST only (ticket #12635), but
    clients send form bodies with PUT and PATCH too (the reference uploads a department's
    logo with `curl -X PUT -F 'department[logo]=@logo.png'`).
    """
    if request.method == "POST":
        return request.POST, request.FILES
    if _media_type(request) == "multipart/form-data":
        return request.parse_file_upload(request.META, io.BytesIO(request.body))
    return QueryDict(request.body, encoding=request.encoding), MultiValueDict()


def _form_pairs(request: HttpRequest) -> list[tuple[str, object]]:
    try:
        fields, files = _form_data(request)
        pairs = [(key, value) for key, values in fields.lists() for value in values]
        pairs += [(key, file) for key, uploads in files.lists() for file in uploads]
    except (TooManyFieldsSent, TooManyFilesSent) as exc:
        raise BodyError(f"Too many form fields: {exc}") from exc
    except MultiPartParserError as exc:
        raise BodyError(f"Malformed multipart body: {exc}") from exc
    return pairs


def _parse(request: HttpRequest) -> dict:
    # Read the raw body first: Django Ninja looks at `request.body` after
    # authentication has parsed the form, and a streamed multipart body could
    # not be read twice. BodySizeLimitMiddleware bounds bodies that announce
    # their length; Django's own limit catches those that do not.
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise HttpError(413, "Request body too large") from exc
    media = _media_type(request)
    if media in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            return parse_nested(_form_pairs(request))
        except ParamsError as exc:
            raise BodyError(str(exc)) from exc
    if not body.strip():
        return {}
    if media in ("application/xml", "text/xml") or body.lstrip().startswith(b"<"):
        try:
            return parse_xml(body)
        except XmlError as exc:
            raise BodyError(f"Malformed XML body: {exc}") from exc
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BodyError(f"Malformed JSON body: {exc}") from exc
    if not isinstance(data, dict):
        raise BodyError("The JSON body must be an object")
    return data


def _refuse_nul(value, path: str) -> None:
    """NUL cannot be stored in a PostgreSQL text column, and no client means it."""
    if isinstance(value, str):
        if "\x00" in value:
            raise BodyError(f"Parameter {path!r} contains a NUL character, which is not allowed")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, path)
            _refuse_nul(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_nul(item, f"{path}.{index}")


def request_body(request: HttpRequest) -> dict:
    """The parsed body, computed once per request (authentication reads it too)."""
    if not hasattr(request, _CACHE_ATTR):
        body = _parse(request)
        _refuse_nul(body, "")
        setattr(request, _CACHE_ATTR, body)
    return getattr(request, _CACHE_ATTR)


class RailsParser(Parser):
    """Django Ninja parser speaking the Rails parameter conventions."""

    def parse_body(self, request: HttpRequest) -> dict:
        return request_body(request)

    def parse_querydict(self, data, list_fields, request) -> dict:
        pairs = [(key, value) for key, values in data.lists() for value in values]
        try:
            parsed = parse_nested(pairs)
        except ParamsError as exc:
            raise BodyError(str(exc)) from exc
        _refuse_nul(parsed, "")
        for field in list_fields:
            if field in parsed and not isinstance(parsed[field], list):
                # `kinds=vat` and `kinds[]=vat` mean the same; so does `ids=1,2`.
                value = parsed[field]
                parsed[field] = value.split(",") if isinstance(value, str) else [value]
        return parsed
