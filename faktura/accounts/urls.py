"""Where an account lives on the web: its host name and URL."""

from django.conf import settings
from django.http import HttpRequest

# Subdomains that never name an account (app.example.com is the bare service).
RESERVED_PREFIXES = frozenset({"app", "www", "api", "admin", "static", "mail", "smtp", "ftp"})


def _base() -> tuple[str, str]:
    """(host, port-suffix) of FAKTURA_BASE_DOMAIN, e.g. ("example.com", "")."""
    host, sep, port = settings.FAKTURA_BASE_DOMAIN.partition(":")
    return host, f":{port}" if sep else ""


def _scheme(host: str, port: str) -> str:
    local = host == "localhost" or host.endswith(".localhost") or host.startswith("127.")
    return "http" if local or port else "https"


def account_url(prefix: str) -> str:
    """`https://acme.example.com`, or `http://acme.localhost:8000` on a local setup."""
    host, port = _base()
    return f"{_scheme(host, port)}://{prefix}.{host}{port}"


def host_prefix(request: HttpRequest) -> str | None:
    """The account prefix the request's Host names, or None for the bare service."""
    host = request.get_host().rsplit(":", 1)[0].lower() if request.get_host() else ""
    base, _ = _base()
    suffix = f".{base}"
    if not host.endswith(suffix):
        return None
    label = host[: -len(suffix)]
    if not label or "." in label or label in RESERVED_PREFIXES:
        return None
    return label
