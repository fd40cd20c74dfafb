"""Writes of webhooks ("Webhooki"): the kinds of events and the URL each is sent to.

A webhook's URL is checked when it is stored (and again before each delivery):
http or https, no credentials in it, and — unless the operator sets
FAKTURA_WEBHOOK_ALLOW_PRIVATE=1 — not on loopback or a private network (see
`events.targets`). Each webhook gets its own signing secret, shown once in the
answer that made it (or rotated it).
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.errors import Invalid
from faktura.events import signing, targets
from faktura.events.models import KINDS, Webhook
from faktura.tenancy import get_owned


def target_problem(url: str) -> str | None:
    """Why a webhook may not be sent to `url`, or None."""
    try:
        targets.check_target(url, allow_private=settings.FAKTURA_WEBHOOK_ALLOW_PRIVATE)
    except targets.TargetRefused as exc:
        return str(exc)
    return None


def _apply(webhook: Webhook, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    if "kind" in data:
        webhook.kind = (data["kind"] or "").strip()
    if webhook.kind not in KINDS:
        errors.setdefault("kind", []).append(_("must be one of: %s") % ", ".join(KINDS))
    if "url" in data:
        webhook.url = (data["url"] or "").strip()
    if not webhook.url:
        errors.setdefault("url", []).append(_("can't be blank"))
    elif "url" in data:
        problem = target_problem(webhook.url)
        if problem:
            errors.setdefault("url", []).append(problem)
    if "api_token" in data:
        webhook.api_token = (data["api_token"] or "").strip()
    if data.get("active") is not None:
        webhook.active = data["active"]
        if webhook.active:
            webhook.disabled_reason = ""
    if errors:
        raise Invalid(errors)


def webhook_create(*, account: Account, data: dict, origin_membership=None) -> Webhook:
    """Create a webhook (`kind`, `url` required). Atomic. `origin_membership`: the API
    credentials that make it, whose own changes it will not hear of."""
    with transaction.atomic():
        webhook = Webhook(
            account=account, secret=signing.new_secret(), origin_membership=origin_membership
        )
        _apply(webhook, data)
        webhook.save()
    return webhook


def webhook_update(*, account: Account, id: int, data: dict) -> Webhook:
    with transaction.atomic():
        webhook = get_owned(Webhook, account=account, id=id)
        _apply(webhook, data)
        webhook.save()
    return webhook


def webhook_rotate_secret(*, account: Account, id: int) -> Webhook:
    """Give the webhook a new signing secret; deliveries from now on are signed with it."""
    with transaction.atomic():
        webhook = get_owned(Webhook, account=account, id=id)
        webhook.secret = signing.new_secret()
        webhook.save(update_fields=["secret", "updated_at"])
    return webhook


def webhook_delete(*, account: Account, id: int) -> None:
    with transaction.atomic():
        get_owned(Webhook, account=account, id=id).delete()
