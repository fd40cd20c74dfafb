"""Everything Faktura reads from the environment, in one place.

Configuration is by environment only (see the README's table). This module
turns the variables into plain values; `settings.py` feeds them to Django.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigError(ValueError):
    """An environment variable holds a value Faktura cannot use."""


@dataclass(frozen=True)
class EmailConfig:
    host: str
    port: int
    use_tls: bool
    use_ssl: bool
    username: str
    password: str


def parse_email_url(url: str) -> EmailConfig:
    """`smtp://[user:pass@]host:port[?tls=1]`, or `smtps://` for implicit TLS."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ConfigError(f"FAKTURA_EMAIL_URL must start with smtp:// or smtps://, got {url!r}")
    if not parts.hostname:
        raise ConfigError("FAKTURA_EMAIL_URL names no host")
    query = parse_qs(parts.query)
    tls = query.get("tls", ["0"])[0].lower() in ("1", "true", "yes")
    return EmailConfig(
        host=parts.hostname,
        port=parts.port or (465 if parts.scheme == "smtps" else 25),
        use_tls=tls and parts.scheme == "smtp",
        use_ssl=parts.scheme == "smtps",
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def parse_postal_url(url: str) -> str:
    """FAKTURA_POSTAL_URL: the http(s) endpoint of the postal provider (see delivery.postal)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"FAKTURA_POSTAL_URL must be an http:// or https:// URL, got {url!r}")
    return url


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def secret_key(data_dir: Path) -> str:
    """FAKTURA_SECRET_KEY, or a key generated once into the data dir (mode 0600)."""
    given = os.environ.get("FAKTURA_SECRET_KEY", "").strip()
    if given:
        return given
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when the web server and the worker start together, one of
        # them writes the key and the other reads it.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(50))
    key = path.read_text().strip()
    if not key:
        raise ConfigError(f"{path} is empty; delete it or set FAKTURA_SECRET_KEY")
    return key


@dataclass(frozen=True)
class S3Config:
    """Where uploaded files go when they do not go to the data dir: an S3-compatible bucket."""

    bucket: str
    endpoint_url: str
    region: str
    access_key_id: str
    secret_access_key: str
    prefix: str
    addressing_style: str


def s3_from_environment() -> S3Config | None:
    """FAKTURA_S3_BUCKET switches uploaded files (attachments, logos) to S3 storage.

    The other FAKTURA_S3_* variables are optional: FAKTURA_S3_ENDPOINT_URL for
    S3-compatible servers (MinIO, Ceph, Garage, …), FAKTURA_S3_REGION,
    FAKTURA_S3_ACCESS_KEY_ID / FAKTURA_S3_SECRET_ACCESS_KEY (else boto3's own
    lookup: AWS_* variables, instance roles), FAKTURA_S3_PREFIX (a folder inside
    the bucket) and FAKTURA_S3_ADDRESSING_STYLE (`path` or `virtual`).
    """
    bucket = os.environ.get("FAKTURA_S3_BUCKET", "").strip()
    if not bucket:
        return None
    style = os.environ.get("FAKTURA_S3_ADDRESSING_STYLE", "").strip().lower()
    if style not in ("", "path", "virtual", "auto"):
        raise ConfigError(
            f"FAKTURA_S3_ADDRESSING_STYLE must be path, virtual or auto, got {style!r}"
        )
    return S3Config(
        bucket=bucket,
        endpoint_url=os.environ.get("FAKTURA_S3_ENDPOINT_URL", "").strip(),
        region=os.environ.get("FAKTURA_S3_REGION", "").strip(),
        access_key_id=os.environ.get("FAKTURA_S3_ACCESS_KEY_ID", "").strip(),
        secret_access_key=os.environ.get("FAKTURA_S3_SECRET_ACCESS_KEY", "").strip(),
        prefix=os.environ.get("FAKTURA_S3_PREFIX", "").strip().strip("/"),
        addressing_style=style,
    )


def storage_backend(s3: S3Config | None) -> dict:
    """The STORAGES["default"] entry: the data dir's media folder, or the S3 bucket."""
    if s3 is None:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict = {
        "bucket_name": s3.bucket,
        "location": s3.prefix,
        # Stored names are random: no need to ask the bucket whether one exists.
        "file_overwrite": True,
        "default_acl": None,
        "querystring_auth": True,
    }
    for option, value in (
        ("endpoint_url", s3.endpoint_url),
        ("region_name", s3.region),
        ("access_key", s3.access_key_id),
        ("secret_key", s3.secret_access_key),
        ("addressing_style", s3.addressing_style),
    ):
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


@dataclass(frozen=True)
class Config:
    port: int
    data_dir: Path
    database_url: str
    email: EmailConfig | None
    integration_token: str
    base_domain: str
    debug: bool
    max_body_bytes: int
    api_rate_limit_per_minute: int
    webhook_allow_private: bool
    attachment_max_bytes: int
    s3: S3Config | None
    postal_url: str = ""
    postal_token: str = ""


def load() -> Config:
    data_dir = Path(os.environ.get("FAKTURA_DATA_DIR", "").strip() or "var").resolve()
    port = _int("PORT", 8000)
    email_url = os.environ.get("FAKTURA_EMAIL_URL", "").strip()
    postal_url = os.environ.get("FAKTURA_POSTAL_URL", "").strip()
    return Config(
        port=port,
        data_dir=data_dir,
        database_url=os.environ.get("FAKTURA_DATABASE_URL", "").strip(),
        email=parse_email_url(email_url) if email_url else None,
        integration_token=os.environ.get("FAKTURA_INTEGRATION_TOKEN", "").strip(),
        base_domain=os.environ.get("FAKTURA_BASE_DOMAIN", "").strip().lower()
        or f"localhost:{port}",
        debug=_flag("FAKTURA_DEBUG"),
        max_body_bytes=_int("FAKTURA_MAX_BODY_BYTES", 10 * 1024 * 1024),
        api_rate_limit_per_minute=_int("FAKTURA_API_RATE_LIMIT", 6000),
        webhook_allow_private=_flag("FAKTURA_WEBHOOK_ALLOW_PRIVATE"),
        postal_url=parse_postal_url(postal_url) if postal_url else "",
        postal_token=os.environ.get("FAKTURA_POSTAL_TOKEN", "").strip(),
        attachment_max_bytes=_int("FAKTURA_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024),
        s3=s3_from_environment(),
    )
