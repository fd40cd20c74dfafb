"""Which partner a sync write came from, so its events do not echo back to it.

A partner that keeps its data in sync (a CRM) both writes to Faktura and listens to
its webhooks; hearing its own change again would make it write again. A sync
endpoint (`POST /clients/external_update.json`) names the caller's membership for
the request (`set_origin`), a middleware clears it around every request, and
`event_record` marks the event with that origin and skips the webhooks the same
membership made through the API (`Webhook.origin_membership`). Every other change
(ordinary API calls, as the hosted service does; the panel; the worker) has no
origin and reaches every webhook.
"""

from contextvars import ContextVar

_origin: ContextVar[int | None] = ContextVar("faktura_event_origin", default=None)


def set_origin(membership_id: int | None) -> None:
    _origin.set(membership_id)


def current_origin() -> int | None:
    return _origin.get()


class OriginMiddleware:
    """Start every request without an origin, and leave none behind it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _origin.set(None)
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
