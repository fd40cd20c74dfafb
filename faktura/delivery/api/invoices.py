"""Invoices by e-mail over the API, and each invoice's e-mail history.

- `POST /invoices/{id}/send_by_email.json` (the reference's "Wysłanie faktury
  e-mailem do klienta"; `.xml` too). Parameters as query parameters or top-level
  body keys (the query wins): `email_to` (addresses separated by commas, or a
  list; at most 5), `email_cc` (at most 5), `email_pdf` (true attaches the
  invoice's PDF), `print_option` (`original`, the default, `copy`,
  `original_and_copy`, `duplicate`; another value is a 400 naming it),
  `update_buyer_email` (true with `email_to`: the first address becomes the
  invoice's `buyer_email`, or `recipient_email` when it has a recipient).
  Answers `{"status": "ok", "message": "…"}` naming the recipients, as
  recorded. Without `email_to` the invoice goes to its recipient's or buyer's
  e-mail (`faktura.delivery.invoices` says which); no address at all, a bad
  address, too many addresses, or a cancelled invoice is a 422 naming the
  parameter. The e-mail is queued with the call and delivered by the worker,
  retried while the mail server is down; an `issued` invoice becomes `sent`.
- `GET /invoices/{id}/emails.json` (not in the reference): the e-mails that
  carried the invoice, newest first, as a bare array with paging (`page`,
  `per_page`): `id`, `status` (`pending` — queued or waiting for a retry —,
  `sent`, `failed`), `to`, `cc`, `subject`, `attempts`, `last_error` (the mail
  server's last answer), `created_at`, `next_attempt_at`, `sent_at`,
  `attachments` (`filename`, `content_type`). Another account's invoice is a 404.
"""

from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Query, Schema
from pydantic import BeforeValidator

from faktura.api.listing import ListParams, list_page
from faktura.api.rendering import xml_root
from faktura.api.types import LooseBool, OptionalText, Timestamp
from faktura.delivery import selectors
from faktura.delivery.api.routes import router
from faktura.delivery.invoices import invoice_send_by_email


def _address_list(value: Any) -> Any:
    """Addresses as one text separated by commas (or semicolons), or a list of texts."""
    if value is None:
        return None
    if isinstance(value, str):
        items = value.replace(";", ",").split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [part for item in value for part in item.replace(";", ",").split(",")]
    else:
        raise ValueError("must be e-mail addresses separated by commas, or a list of them")
    addresses = [item.strip() for item in items if item.strip()]
    return addresses or None


AddressList = Annotated[list[str] | None, BeforeValidator(_address_list)]


class SendParams(Schema):
    email_to: AddressList = None
    email_cc: AddressList = None
    email_pdf: LooseBool = None
    print_option: OptionalText = None
    update_buyer_email: LooseBool = None


class SendBody(SendParams):
    api_token: OptionalText = None


class SendOut(Schema):
    status: str
    message: str


class AttachmentOut(Schema):
    filename: str
    content_type: str


class EmailOut(Schema):
    id: int
    status: str
    to: list[str]
    cc: list[str]
    subject: str
    attempts: int
    last_error: str
    created_at: Timestamp
    next_attempt_at: Timestamp | None
    sent_at: Timestamp | None
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(email) -> list:
        return list(email.attachments.all())


def _merged(query: SendParams, body: SendParams) -> dict:
    return {
        name: getattr(query, name) if getattr(query, name) is not None else getattr(body, name)
        for name in SendParams.model_fields
    }


@router.post("/invoices/{int:id}/send_by_email", response=SendOut)
@xml_root("hash")
def invoice_send_by_email_view(request, id: int, query: Query[SendParams], payload: SendBody):
    params = _merged(query, payload)
    sent = invoice_send_by_email(
        account=request.auth.account,
        id=id,
        to=params["email_to"],
        cc=params["email_cc"],
        attach_pdf=bool(params["email_pdf"]),
        print_option=params["print_option"],
        update_buyer_email=bool(params["update_buyer_email"]),
    )
    recipients = ", ".join(sent.email.to + sent.email.cc)
    return {
        "status": "ok",
        "message": _("The invoice was sent by e-mail to %(recipients)s")
        % {"recipients": recipients},
    }


@router.get("/invoices/{int:id}/emails", response=list[EmailOut])
@xml_root("email")
def invoice_emails(request, id: int, params: Query[ListParams]):
    emails = selectors.invoice_emails(account=request.auth.account, invoice_id=id)
    page = list_page(
        emails, params, order_fields=("created_at", "id"), default_order="created_at.desc"
    )
    return list(page)
