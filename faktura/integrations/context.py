"""Template context: whether the panel shows the "CRM" link (Multipass to the partner)."""

from faktura.integrations.multipass import is_configured, settings_of


def partner_link(request) -> dict:
    account = getattr(request, "account", None)
    if account is None or getattr(request, "membership", None) is None:
        return {}
    settings = settings_of(account)
    return {"partner_link": is_configured(settings) and bool(settings.url)}
