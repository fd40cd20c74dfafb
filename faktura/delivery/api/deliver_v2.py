"""The other API family's "deliver invoice" call: `GET|POST /api/v2/invoices/deliver.json` (`.xml`).

Parameters (query, or top-level body keys on POST; the query wins):
- `id`: the invoice;
- `type`: `mail` (e-mail with the PDF attached) or `post` (a letter through the
  operator's postal provider, `faktura.delivery.postal`);
- `doc_type`: what is printed: `org` original, `KOPIA` copy, `org_kop` original
  and copy, `d_org` duplicate of the original, `d_kop` duplicate of the copy
  (both duplicates print as `print_option=duplicate`, labelled DUPLIKAT; the
  letter keeps the `doc_type` asked for). Case matters, as the documentation's
  own example shows (`kopia` is refused);
- `recipient` (optional, `mail` only): the address to send to instead of the
  client's e-mail (see `faktura.delivery.invoices` for the default address).

Answers, as the documentation shows them:
- 200 `{"invoice": {"invoice_id": N}}` (XML `<invoice><invoice_id>N</invoice_id></invoice>`);
- 400 `{"message": "One or more parameter's value not in defined set (NAME). See
  documentation.", "request": "<path and query>"}` for a missing or unknown
  `type` or `doc_type`, a missing or non-numeric `id`, or a `recipient` that is
  not an e-mail address. `request` repeats the call's path and parameters
  without the API token.

Where the documentation is silent, the same `{message, request}` shape with:
- 404 "Not found" for an invoice that is not the caller's;
- 422 when the call cannot be done: `mail` without `recipient` for an invoice
  whose client has no e-mail, `post` when the server has no postal provider
  (the documentation's "buy a postal package" message: this server's operator
  configures one with FAKTURA_POSTAL_URL) or when the buyer's address is
  incomplete, and a cancelled invoice. 422 rather than 400: the parameters are
  valid, the account's data or the server's setup is what is missing.
"""

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Query, Schema

from faktura.api.formats import XML, request_format
from faktura.api.parsing import request_body
from faktura.api.redaction import SECRET_PARAMS, request_description
from faktura.api.rendering import rendered_response, set_xml_root, xml_root
from faktura.delivery import postal
from faktura.delivery.api.routes import router
from faktura.delivery.invoices import invoice_send_by_email
from faktura.errors import Invalid, NotFound
from faktura.tenancy import MAX_ID

TYPES = ("mail", "post")
# doc_type → the print option it is printed with.
DOC_TYPES = {
    "org": "original",
    "KOPIA": "copy",
    "org_kop": "original_and_copy",
    "d_org": "duplicate",
    "d_kop": "duplicate",
}
PARAMETERS = ("id", "type", "doc_type", "recipient")


class DeliverParams(Schema):
    # Any: a value of the wrong kind is answered in this call's own 400 shape.
    id: Any = None
    type: Any = None
    doc_type: Any = None
    recipient: Any = None


class DeliveredInvoice(Schema):
    invoice_id: int


class DeliverOut(Schema):
    invoice: DeliveredInvoice


class DeliverError(Schema):
    message: str
    request: str


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _not_in_set(name: str) -> _Refused:
    return _Refused(
        400, f"One or more parameter's value not in defined set ({name}). See documentation."
    )


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _invoice_id(value: Any) -> int:
    text = _text(value)
    if text is None or not (text.isascii() and text.isdigit()):
        raise _not_in_set("id")
    # Beyond any row (and beyond what Python converts quickly): no such invoice.
    return int(text) if len(text) <= 19 and int(text) <= MAX_ID else 0


def _request_echo(request, body: dict) -> str:
    """The call as the documentation echoes it: path and parameters, token removed."""
    echo = request_description(request)
    sent = [
        (key, value)
        for key, value in body.items()
        if key.lower() not in SECRET_PARAMS
        and key not in request.GET
        and isinstance(value, str | int | float)
        and not isinstance(value, bool)
    ]
    if not sent:
        return echo
    return echo + ("&" if "?" in echo else "?") + urlencode(sent)


def _deliver(account, params: dict) -> int:
    kind = _text(params["type"])
    if kind not in TYPES:
        raise _not_in_set("type")
    doc_type = _text(params["doc_type"])
    if doc_type not in DOC_TYPES:
        raise _not_in_set("doc_type")
    invoice_id = _invoice_id(params["id"])
    recipient = _text(params["recipient"])
    if recipient is not None and kind == "mail":
        try:
            validate_email(recipient)
        except ValidationError:
            raise _not_in_set("recipient") from None
    print_option = DOC_TYPES[doc_type]
    if kind == "mail":
        sent = invoice_send_by_email(
            account=account,
            id=invoice_id,
            to=[recipient] if recipient else None,
            attach_pdf=True,
            print_option=print_option,
            to_field="recipient",
        )
        return sent.invoice.pk
    letter = postal.letter_queue(
        account=account, id=invoice_id, print_option=print_option, doc_type=doc_type
    )
    return letter.invoice_id


@router.api_operation(
    ["GET", "POST"],
    "/api/v2/invoices/deliver",
    response={200: DeliverOut, 400: DeliverError, 404: DeliverError, 422: DeliverError},
)
@xml_root("invoice")
def invoice_deliver(request, query: Query[DeliverParams]):
    # A GET has no body; a POST's top-level keys are read as they were sent.
    body = request_body(request) if request.method == "POST" else {}
    params = {
        name: getattr(query, name) if getattr(query, name) is not None else body.get(name)
        for name in PARAMETERS
    }
    try:
        invoice_id = _deliver(request.auth.account, params)
    except _Refused as refused:
        status, message = refused.status, refused.message
    except NotFound:
        status, message = 404, "Not found"
    except Invalid as exc:
        status = 422
        message = " ".join(
            f"{reason} ({field})." for field, reasons in exc.errors.items() for reason in reasons
        )
    else:
        data = {"invoice_id": invoice_id}
        # The XML root is the invoice itself: <invoice><invoice_id>…
        answer = data if request_format(request) == XML else {"invoice": data}
        return rendered_response(request, answer)
    set_xml_root(request, "hash")
    return rendered_response(
        request, {"message": message, "request": _request_echo(request, body)}, status=status
    )
