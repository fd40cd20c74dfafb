"""Keeps API tokens and passwords out of logs and error bodies."""

import logging
import re

SECRET_PARAMS = ("api_token", "integration_token", "password", "multipass")

_SECRET_IN_QUERY = re.compile(
    r"(?P<key>(?:^|[?&;\s\"'])(?:" + "|".join(SECRET_PARAMS) + r")=)(?P<value>[^&;\s\"']*)",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(?P<key>Bearer\s+)(?P<value>\S+)", re.IGNORECASE)


def redact(text: str) -> str:
    """Replace the values of secret query parameters and bearer tokens with `[FILTERED]`."""
    text = _SECRET_IN_QUERY.sub(r"\g<key>[FILTERED]", text)
    return _BEARER.sub(r"\g<key>[FILTERED]", text)


def request_description(request) -> str:
    """The request's path and query as a client may see it back: secrets removed."""
    query = request.META.get("QUERY_STRING", "")
    kept = [
        part
        for part in query.split("&")
        if part and part.split("=", 1)[0].lower() not in SECRET_PARAMS
    ]
    return request.path + ("?" + "&".join(kept) if kept else "")


class RedactTokensFilter(logging.Filter):
    """A logging filter that redacts every record's rendered message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
