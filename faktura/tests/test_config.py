"""Configuration from the environment, and the SQLite settings that keep writers apart."""

import os
import stat
import threading

import pytest

from faktura import config


def test_email_url_with_tls_and_credentials():
    parsed = config.parse_email_url("smtp://user%40x:p%3Ass@mail.example:587?tls=1")
    assert parsed == config.EmailConfig(
        host="mail.example",
        port=587,
        use_tls=True,
        use_ssl=False,
        username="user@x",
        password="p:ss",
    )


def test_email_url_defaults_to_port_25_without_tls():
    parsed = config.parse_email_url("smtp://127.0.0.1")
    assert (parsed.port, parsed.use_tls, parsed.use_ssl) == (25, False, False)


def test_smtps_url_uses_implicit_tls_on_465():
    parsed = config.parse_email_url("smtps://mail.example")
    assert (parsed.port, parsed.use_ssl, parsed.use_tls) == (465, True, False)


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://"])
def test_unusable_email_urls_are_refused(url):
    with pytest.raises(config.ConfigError):
        config.parse_email_url(url)


def test_secret_key_is_generated_once_into_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("FAKTURA_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) >= 50
    assert config.secret_key(tmp_path) == first
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("FAKTURA_SECRET_KEY", "from-env")
    assert config.secret_key(tmp_path) == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_load_reads_every_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("FAKTURA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FAKTURA_DATABASE_URL", "postgres://u:p@127.0.0.1:5432/db")
    monkeypatch.setenv("FAKTURA_EMAIL_URL", "smtp://127.0.0.1:2525")
    monkeypatch.setenv("FAKTURA_INTEGRATION_TOKEN", "tok")
    monkeypatch.setenv("FAKTURA_BASE_DOMAIN", "Faktura.Example.com")
    loaded = config.load()
    assert loaded.port == 9001
    assert loaded.data_dir == tmp_path
    assert loaded.database_url == "postgres://u:p@127.0.0.1:5432/db"
    assert loaded.email.port == 2525
    assert loaded.integration_token == "tok"
    assert loaded.base_domain == "faktura.example.com"
    assert loaded.debug is False


def test_base_domain_defaults_to_localhost_and_the_port(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.delenv("FAKTURA_BASE_DOMAIN", raising=False)
    assert config.load().base_domain == "localhost:8123"


def test_non_numeric_port_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(config.ConfigError, match="PORT"):
        config.load()


@pytest.fixture
def sqlite_file_alias(tmp_path, django_db_blocker):
    """A database alias on a fresh SQLite file, configured exactly like the default one."""
    from django.conf import settings
    from django.db import connections

    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the SQLite settings are only in force without FAKTURA_DATABASE_URL")
    alias = "sqlite_file_test"
    connections.settings[alias] = {**connections.settings["default"], "NAME": str(tmp_path / "db")}
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()
    # Forget the wrapper too, or the next test would reuse it on the old file.
    del connections[alias]
    del connections.settings[alias]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_file_alias):
    from django.db import connections

    with connections[sqlite_file_alias].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 30000


@pytest.mark.slow
def test_concurrent_sqlite_writers_never_see_database_locked(sqlite_file_alias):
    from django.db import connections, transaction

    with connections[sqlite_file_alias].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    errors: list[Exception] = []

    def writer():
        try:
            for _ in range(100):
                # Read, then write: with DEFERRED transactions two writers
                # doing this fail with "database is locked".
                with (
                    transaction.atomic(using=sqlite_file_alias),
                    connections[sqlite_file_alias].cursor() as cursor,
                ):
                    cursor.execute("SELECT value FROM counter")
                    value = cursor.fetchone()[0]
                    cursor.execute("UPDATE counter SET value = %s", [value + 1])
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections[sqlite_file_alias].close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with connections[sqlite_file_alias].cursor() as cursor:
        cursor.execute("SELECT value FROM counter")
        assert cursor.fetchone()[0] == 400


def test_postal_provider_url_and_token_are_read(monkeypatch):
    monkeypatch.setenv("FAKTURA_POSTAL_URL", "https://post.example/letters")
    monkeypatch.setenv("FAKTURA_POSTAL_TOKEN", " secret ")
    loaded = config.load()
    assert (loaded.postal_url, loaded.postal_token) == ("https://post.example/letters", "secret")


def test_without_a_postal_url_there_is_no_provider(monkeypatch):
    monkeypatch.delenv("FAKTURA_POSTAL_URL", raising=False)
    assert config.load().postal_url == ""


@pytest.mark.parametrize("url", ["ftp://post.example/", "post.example", "https://"])
def test_unusable_postal_urls_are_refused(monkeypatch, url):
    monkeypatch.setenv("FAKTURA_POSTAL_URL", url)
    with pytest.raises(config.ConfigError, match="FAKTURA_POSTAL_URL"):
        config.load()
