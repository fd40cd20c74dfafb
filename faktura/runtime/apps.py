from django.apps import AppConfig


class RuntimeConfig(AppConfig):
    """How Faktura runs: `faktura serve`, `faktura worker` and its periodic schedule."""

    name = "faktura.runtime"
    label = "runtime"
