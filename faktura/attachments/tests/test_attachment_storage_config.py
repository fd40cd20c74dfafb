"""Where uploaded files go: the data dir by default, an S3 bucket by FAKTURA_S3_* variables."""

import pytest
from django.utils.module_loading import import_string

from faktura import config

S3_VARIABLES = (
    "FAKTURA_S3_BUCKET",
    "FAKTURA_S3_ENDPOINT_URL",
    "FAKTURA_S3_REGION",
    "FAKTURA_S3_ACCESS_KEY_ID",
    "FAKTURA_S3_SECRET_ACCESS_KEY",
    "FAKTURA_S3_PREFIX",
    "FAKTURA_S3_ADDRESSING_STYLE",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_without_a_bucket_files_stay_in_the_data_dir():
    assert config.s3_from_environment() is None
    assert config.storage_backend(None) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_a_bucket_switches_to_s3_with_the_options_given(monkeypatch):
    monkeypatch.setenv("FAKTURA_S3_BUCKET", "faktura-files")
    monkeypatch.setenv("FAKTURA_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("FAKTURA_S3_REGION", "eu-central-1")
    monkeypatch.setenv("FAKTURA_S3_ACCESS_KEY_ID", "minio")
    monkeypatch.setenv("FAKTURA_S3_SECRET_ACCESS_KEY", "minio-secret")
    monkeypatch.setenv("FAKTURA_S3_PREFIX", "/acme-prod/")
    monkeypatch.setenv("FAKTURA_S3_ADDRESSING_STYLE", "path")

    backend = config.storage_backend(config.s3_from_environment())

    assert backend == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "faktura-files",
            "location": "acme-prod",
            "file_overwrite": True,
            "default_acl": None,
            "querystring_auth": True,
            "endpoint_url": "http://127.0.0.1:9000",
            "region_name": "eu-central-1",
            "access_key": "minio",
            "secret_key": "minio-secret",
            "addressing_style": "path",
        },
    }
    # django-storages refuses options it does not know: these are all real ones.
    storage = import_string(backend["BACKEND"])(**backend["OPTIONS"])
    assert storage.bucket_name == "faktura-files"
    assert storage.location == "acme-prod"


def test_only_the_bucket_is_required(monkeypatch):
    monkeypatch.setenv("FAKTURA_S3_BUCKET", "b")
    backend = config.storage_backend(config.s3_from_environment())
    assert set(backend["OPTIONS"]) == {
        "bucket_name",
        "location",
        "file_overwrite",
        "default_acl",
        "querystring_auth",
    }


def test_an_unknown_addressing_style_is_a_config_error(monkeypatch):
    monkeypatch.setenv("FAKTURA_S3_BUCKET", "b")
    monkeypatch.setenv("FAKTURA_S3_ADDRESSING_STYLE", "sideways")
    with pytest.raises(config.ConfigError, match="FAKTURA_S3_ADDRESSING_STYLE"):
        config.s3_from_environment()


def test_the_attachment_size_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("FAKTURA_ATTACHMENT_MAX_BYTES", "2048")
    assert config.load().attachment_max_bytes == 2048
    monkeypatch.setenv("FAKTURA_ATTACHMENT_MAX_BYTES", "dużo")
    with pytest.raises(config.ConfigError, match="FAKTURA_ATTACHMENT_MAX_BYTES"):
        config.load()
