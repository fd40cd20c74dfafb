"""Responses in the request's format: JSON, or XML mirroring the same data.

XML follows Rails `to_xml`: the resource's name as the root (`<invoice>`),
lists as `<invoices type="array"><invoice>…`, and a bare hash as `<hash>`.
Views name their resource with the `xml_root` decorator.
"""

import functools
import json

import orjson
from django.http import HttpRequest, HttpResponse
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from faktura.api.formats import CONTENT_TYPES, JSON, XML, request_format
from faktura.api.xmlcodec import render_xml

_ROOT_ATTR = "_faktura_xml_root"


def xml_root(name: str, plural: str | None = None):
    """Name the XML root of a view's response: `name` for one object, `plural` for a list."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            setattr(request, _ROOT_ATTR, (name, plural or f"{name}s"))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def set_xml_root(request: HttpRequest, name: str, plural: str | None = None) -> None:
    """Name the XML root from inside a view, e.g. for an answer that is not its resource."""
    setattr(request, _ROOT_ATTR, (name, plural or f"{name}s"))


_NINJA_ENCODER = NinjaJSONEncoder()
# Dates and times go through Ninja's encoder too, so they are written as Django writes
# them (milliseconds, "Z"), whichever encoder runs.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME


def to_json(data) -> bytes:
    """JSON as Ninja's encoder would write it, compactly, by orjson (a page of 100
    invoices with positions takes a sixth of the time `json.dumps` needs)."""
    try:
        return orjson.dumps(data, default=_NINJA_ENCODER.default, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        # What orjson refuses and the standard library writes: integers beyond 64 bits.
        return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False).encode()


def to_xml(request: HttpRequest, data) -> bytes:
    name, plural = getattr(request, _ROOT_ATTR, ("hash", "objects"))
    if isinstance(data, list):
        return render_xml(data, plural, item=name)
    if not isinstance(data, dict):
        data = {"value": data}
    return render_xml(data, name)


class FormatRenderer(BaseRenderer):
    """Ninja renderer that writes JSON or XML depending on the request."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data, *, response_status: int):
        if request_format(request) == XML:
            # Ninja's own schema types (dates, decimals) become plain JSON values first.
            return to_xml(request, json.loads(to_json(data)))
        return to_json(data)


def content_type(request: HttpRequest) -> str:
    """The Content-Type of an API answer: data and errors are JSON or XML.

    A `.pdf` call's errors come as JSON.
    """
    return CONTENT_TYPES[XML if request_format(request) == XML else JSON]


def rendered_response(request: HttpRequest, data, *, status: int = 200) -> HttpResponse:
    """The response Ninja would make from `data`, which is already what the schema dumps.

    For the hot paths (invoice lists and writes): handing Ninja a model makes it
    validate and dump every value again. The view keeps its `response=` schema
    for the OpenAPI document.
    """
    body = FormatRenderer().render(request, data, response_status=status)
    return HttpResponse(body, status=status, content_type=content_type(request))
