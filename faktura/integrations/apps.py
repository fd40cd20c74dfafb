from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """What joins Faktura to the systems around it: Multipass single sign-on, CRM sync."""

    name = "faktura.integrations"
    label = "integrations"
