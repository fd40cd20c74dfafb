"""`POST /invoices/{id}/regenerate_token.json`: a new public link, the old one revoked.

Not in the reference (the hosted service has no API call for it); named after
the field it changes. Answers 200 with `{"code": "success", "id": …, "token": …,
"view_url": …}`: the invoice's new `token` and the public link built from it, as
`GET /invoices/{id}.json` would now show them. No body is needed (an `api_token`
key may be there). Another account's id answers 404 and changes nothing.
"""

from ninja import Schema

from faktura.api.rendering import xml_root
from faktura.invoicing.api.output import InvoiceOut
from faktura.invoicing.api.routes import router
from faktura.invoicing.services import public_link as services


class TokenRegeneratedOut(Schema):
    code: str
    id: int
    token: str
    view_url: str


@router.post("/invoices/{int:id}/regenerate_token", response=TokenRegeneratedOut)
@xml_root("hash")
def invoice_token_regenerate(request, id: int):
    invoice = services.invoice_token_regenerate(account=request.auth.account, id=id)
    return {
        "code": "success",
        "id": invoice.pk,
        "token": invoice.token,
        "view_url": InvoiceOut.resolve_view_url(invoice),
    }
