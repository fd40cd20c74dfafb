from django.apps import AppConfig


class EventsConfig(AppConfig):
    """The outbox of events, the webhooks that hear of them, and their deliveries."""

    name = "faktura.events"
    label = "events"
