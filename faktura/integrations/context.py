"""Template context: whether the panel shows the "CRM" link (Multipass to the partner)."""

from faktura.integrations.models import MultipassSettings
from faktura.integrations.multipass import is_configured


def partner_link(request) -> dict:
    """Read from the account the panel loaded with its settings (no query of its own)."""
    account = getattr(request, "account", None)
    if account is None or getattr(request, "membership", None) is None:
        return {}
    try:
        settings = account.multipass
    except MultipassSettings.DoesNotExist:
        return {"partner_link": False}
    return {"partner_link": is_configured(settings) and bool(settings.url)}
