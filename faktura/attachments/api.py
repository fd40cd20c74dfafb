"""Invoice attachments over the API.

The reference's three steps to attach a file (README "Dodanie nowego
załącznika do faktury"):

- `GET /invoices/{id}/get_new_attachment_credentials.json` answers the fields
  of an S3 browser POST: `url`, `AWSAccessKeyId`, `key`, `policy`,
  `signature`, `acl`, `success_action_status` (see `signing`). `url` is
  Faktura's own upload endpoint on the account's host.
- `POST {url}` (multipart: those fields and `file`, no api_token) stores the
  file; see `views.attachment_upload`.
- `POST /invoices/{id}/add_attachment.json?file_name=name.ext` (`file_name` may
  also be a top-level body key; the query wins) attaches the newest upload of
  that name to the invoice and answers 201 with the attachment. The reference
  shows no response body; the attachment is what a create answers elsewhere.
  Without `file_name`: 400; a name never uploaded for this invoice (or whose
  upload expired): 422 naming `file_name`. Names are compared after cleaning
  (`names.clean_name`: no folders, no control characters).

Reading and removing (the reference has only the ZIP; the rest is Faktura's):

- `GET /invoices/{id}/attachments_zip.json`: a ZIP (application/zip) of the
  attachments under their names, repeats told apart (`a.pdf`, `a (1).pdf`);
  an empty ZIP when there are none.
- `GET /invoices/{id}/attachments.json`: a bare array of
  `{id, invoice_id, file_name, content_type, size, created_at}`, oldest first.
- `GET /invoices/{id}/attachments/{attachment_id}.json`: one of them.
- `GET /invoices/{id}/attachments/{attachment_id}/download.json`: its file.
- `DELETE /invoices/{id}/attachments/{attachment_id}.json`: answers "ok".

Another account's invoice, or an attachment of another invoice: 404 on every
route. Whether the buyer's public page offers the files is the invoice's
`show_attachments` (PUT /invoices/{id}.json), served by `views.public_attachment`.
"""

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from faktura.api.rendering import xml_root
from faktura.api.types import OptionalText, Timestamp
from faktura.attachments import archive, responses, selectors, services
from faktura.attachments.names import clean_name
from faktura.invoicing.selectors import get_invoice

router = Router(tags=["attachments"])


class CredentialsOut(Schema):
    url: str
    AWSAccessKeyId: str  # noqa: N815 (the wire name)
    key: str
    policy: str
    signature: str
    acl: str
    success_action_status: str


class AttachmentOut(Schema):
    id: int
    invoice_id: int
    file_name: str
    content_type: str
    size: int
    created_at: Timestamp


class FileNameQuery(Schema):
    file_name: OptionalText = None


class FileNameBody(Schema):
    api_token: OptionalText = None
    file_name: OptionalText = None


@router.get("/invoices/{int:id}/get_new_attachment_credentials", response=CredentialsOut)
@xml_root("hash")
def attachment_credentials(request, id: int):
    return services.attachment_credentials(account=request.auth.account, invoice_id=id)


@router.post("/invoices/{int:id}/add_attachment", response={201: AttachmentOut})
@xml_root("attachment")
def attachment_add(request, id: int, query: Query[FileNameQuery], payload: FileNameBody = None):
    body_name = payload.file_name if payload is not None else None
    file_name = query.file_name if query.file_name is not None else body_name
    attachment = services.attachment_add(
        account=request.auth.account, invoice_id=id, file_name=file_name
    )
    return Status(201, attachment)


@router.get("/invoices/{int:id}/attachments_zip")
def attachments_zip(request, id: int):
    invoice = get_invoice(account=request.auth.account, id=id)
    attachments = list(selectors.attachment_list(account=request.auth.account, invoice_id=id))
    name = clean_name(_("attachments") + f"-{invoice.number or invoice.pk}".replace("/", "-"))
    return responses.zip_response(archive.attachments_zip(attachments), file_name=f"{name}.zip")


@router.get("/invoices/{int:id}/attachments", response=list[AttachmentOut])
@xml_root("attachment")
def attachment_list(request, id: int):
    return list(selectors.attachment_list(account=request.auth.account, invoice_id=id))


@router.get("/invoices/{int:id}/attachments/{int:attachment_id}", response=AttachmentOut)
@xml_root("attachment")
def attachment_detail(request, id: int, attachment_id: int):
    return selectors.get_attachment(account=request.auth.account, invoice_id=id, id=attachment_id)


@router.get("/invoices/{int:id}/attachments/{int:attachment_id}/download")
def attachment_download(request, id: int, attachment_id: int):
    attachment = selectors.get_attachment(
        account=request.auth.account, invoice_id=id, id=attachment_id
    )
    return responses.attachment_response(attachment)


@router.delete("/invoices/{int:id}/attachments/{int:attachment_id}", response=str)
@xml_root("hash")
def attachment_delete(request, id: int, attachment_id: int):
    services.attachment_delete(account=request.auth.account, invoice_id=id, id=attachment_id)
    return "ok"
