"""An invoice's public link (`/invoice/{token}`, `view_url`) and its revocation."""

from django.db import transaction

from faktura.accounts.models import Account
from faktura.events import announce
from faktura.invoicing.models import Invoice, new_token
from faktura.tenancy import get_owned


def invoice_token_regenerate(*, account: Account, id: int) -> Invoice:
    """Give the invoice a new random `token`, so its old public links stop working. Atomic.

    The old link (page and PDF) answers 404 from the moment this commits; the new
    `view_url` is announced as an `invoice:update` event, so systems that keep the
    link can replace it. Another account's id raises the same NotFound as a
    missing one.
    """
    with transaction.atomic():
        invoice = get_owned(Invoice.objects.select_for_update(), account=account, id=id)
        # 120 random bits: a collision with another invoice's token is not a case
        # to handle (the unique index would refuse it rather than share a link).
        invoice.token = new_token()
        invoice.save(update_fields=["token", "updated_at"])
        announce.invoice_changed(account=account, invoice_id=invoice.pk, action="update")
    invoice.account = account
    return invoice
