"""Accounting offices: an office's account reads its client companies' accounts.

A company links its account to its accounting office (`POST /account/link.json`
with the office's `prefix`, by the company's owner or an administrator; not in the
reference, which links them in its web app). From then on the office's users read
the company's data through the API on the company's host with their own token, as
accountants: every request that would change something is refused (403). The office
unlinks companies with `PATCH /account/unlink.json` (`prefix`: one or a list),
answered as the reference shows.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account, AccountingLink, Membership
from faktura.errors import Forbidden, Invalid


def office_link(*, actor: Membership, office_prefix: str) -> AccountingLink:
    """Let the office `office_prefix` read the actor's account. Atomic."""
    if not actor.is_admin:
        raise Forbidden(_("Only the account's owner or an administrator may link an office"))
    office = Account.objects.filter(prefix=(office_prefix or "").strip().lower()).first()
    if office is None or office.pk == actor.account_id:
        raise Invalid.field("prefix", _("no such accounting office account"))
    try:
        with transaction.atomic():
            return AccountingLink.objects.create(office=office, client=actor.account)
    except IntegrityError:
        raise Invalid.field("prefix", _("this office is linked already")) from None


def office_unlink(*, actor: Membership, prefixes: list[str]) -> tuple[list[str], list[str]]:
    """Unlink the office's client accounts named; (unlinked, not unlinked), in the order given."""
    if not actor.is_admin:
        raise Forbidden(_("Only the account's owner or an administrator may unlink accounts"))
    unlinked, not_unlinked = [], []
    with transaction.atomic():
        for prefix in prefixes:
            deleted, _rows = AccountingLink.objects.filter(
                office=actor.account, client__prefix=str(prefix).strip().lower()
            ).delete()
            (unlinked if deleted else not_unlinked).append(prefix)
    return unlinked, not_unlinked


def office_view(membership: Membership, client_prefix: str) -> Membership | None:
    """The read-only membership an office user has in a linked client's account, or None.

    Not saved: it exists for the request only, as an accountant of the client account.
    """
    link = (
        AccountingLink.objects.select_related("client")
        .filter(office_id=membership.account_id, client__prefix=client_prefix)
        .first()
    )
    if link is None:
        return None
    return Membership(
        account=link.client, user=membership.user, role=Membership.BuiltinRole.ACCOUNTANT
    )
