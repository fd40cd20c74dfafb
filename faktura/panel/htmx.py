"""What an htmx request asks the panel for."""

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """Whether htmx asks for part of a page (search as you type, paging).

    Restoring a page it no longer holds in its history cache (the Back button after
    `hx-push-url`), htmx sends `HX-Request` too, but with
    `HX-History-Restore-Request`, and puts the answer in place of the whole page.
    """
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )
