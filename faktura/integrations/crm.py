"""What the account tells its CRM (seed 001): which documents become deals there.

An invoice's webhook body carries a `deal` (faktura.events.payloads) that a CRM turns
into a deal for the client, with the link back to the invoice. Only the kinds of
`crm_deal_kinds` carry one: by default the documents that are sales (VAT, margin,
advance, final invoices and receipts); offers, pro formas and corrections do not.
Stored in `Account.settings["crm_deal_kinds"]`.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.errors import Invalid
from faktura.invoicing.services.create import KINDS

DEFAULT_DEAL_KINDS = ("vat", "vat_margin", "advance", "final", "receipt")
SETTING = "crm_deal_kinds"


def crm_deal_kinds(account: Account) -> tuple[str, ...]:
    kinds = (account.settings or {}).get(SETTING)
    return tuple(kinds) if isinstance(kinds, list) else DEFAULT_DEAL_KINDS


def crm_deal_kinds_update(*, account: Account, kinds: list[str]) -> tuple[str, ...]:
    """Set which document kinds become deals in the CRM. Atomic; Invalid on unknown kinds."""
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise Invalid.field(SETTING, _("unknown kinds: %s") % ", ".join(unknown))
    with transaction.atomic():
        locked = Account.objects.select_for_update().get(pk=account.pk)
        locked.settings = {**(locked.settings or {}), SETTING: list(dict.fromkeys(kinds))}
        locked.save(update_fields=["settings"])
    account.settings = locked.settings
    return crm_deal_kinds(locked)
