from django.apps import AppConfig


class PanelConfig(AppConfig):
    name = "faktura.panel"
    label = "panel"
    verbose_name = "Web panel"
