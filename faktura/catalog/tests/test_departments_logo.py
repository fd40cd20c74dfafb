"""Department logos: uploaded by multipart PUT, checked by content, stored under random names,
served publicly with safe headers, and deleted with their department."""

import json
import re

import pytest
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from faktura.catalog.models import Department
from faktura.catalog.tests.factories_departments import (
    jpeg_bytes,
    png_bytes,
    svg_bytes,
    upload,
)
from faktura.catalog.views import SVG_POLICY
from faktura.tests import factories

pytestmark = pytest.mark.django_db

LOGO_URL = re.compile(r"/media/logos/[0-9a-f]{32}\.(png|jpg|svg)")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def department(owner):
    return factories.department(owner, "Sklep")


def _stored_files(media_root) -> list[str]:
    folder = media_root / "logos"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def _put_logo(client, owner, department_id, file, **fields):
    # The reference's call: curl -X PUT -F 'api_token=…' -F 'department[logo]=@logo.png'
    body = encode_multipart(
        BOUNDARY, {"api_token": owner.api_token, "department[logo]": file, **fields}
    )
    return client.put(
        f"/departments/{department_id}.json", data=body, content_type=MULTIPART_CONTENT
    )


def _public_get(url: str):
    # No credentials: invoices' public pages and e-mails show the logo.
    return Client(HTTP_HOST="app.faktura.test").get(url)


def test_a_png_logo_is_uploaded_by_multipart_put_and_served_back(
    client, owner, department, media_root
):
    content = png_bytes(300, 100)
    response = _put_logo(client, owner, department.pk, upload(content))
    assert response.status_code == 200, response.content
    logo_url = response.json()["logo_url"]
    assert LOGO_URL.fullmatch(logo_url)
    assert logo_url.endswith(".png")
    assert _stored_files(media_root) == [logo_url.rsplit("/", 1)[1]]

    served = _public_get(logo_url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == content
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in served


def test_the_logo_url_is_shown_when_reading_the_department(client, owner, department):
    logo_url = _put_logo(client, owner, department.pk, upload(png_bytes())).json()["logo_url"]
    shown = client.get(f"/departments/{department.pk}.json?api_token={owner.api_token}")
    assert shown.json()["logo_url"] == logo_url
    listed = client.get(f"/departments.json?api_token={owner.api_token}").json()
    assert [d["logo_url"] for d in listed if d["id"] == department.pk] == [logo_url]


def test_other_fields_may_come_with_the_logo(client, owner, department):
    response = _put_logo(
        client, owner, department.pk, upload(png_bytes()), **{"department[city]": "Łódź"}
    )
    assert response.status_code == 200
    assert response.json()["city"] == "Łódź"


def test_a_jpeg_logo_is_stored_as_jpg(client, owner, department):
    content = jpeg_bytes(800, 600)
    response = _put_logo(client, owner, department.pk, upload(content, "photo.jpeg", "image/jpeg"))
    assert response.status_code == 200
    logo_url = response.json()["logo_url"]
    assert logo_url.endswith(".jpg")
    served = _public_get(logo_url)
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == content


def test_an_svg_logo_is_served_with_a_policy_that_blocks_everything_active(
    client, owner, department
):
    response = _put_logo(
        client, owner, department.pk, upload(svg_bytes(), "logo.svg", "image/svg+xml")
    )
    assert response.status_code == 200
    served = _public_get(response.json()["logo_url"])
    assert served["Content-Type"] == "image/svg+xml"
    assert served["Content-Security-Policy"] == SVG_POLICY
    assert SVG_POLICY == "default-src 'none'; style-src 'unsafe-inline'"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b'fill="#c00"' in b"".join(served.streaming_content)


def test_the_file_name_and_declared_type_are_not_trusted(client, owner, department):
    # A PNG named .svg and declared as SVG is stored and served as the PNG it is.
    response = _put_logo(
        client, owner, department.pk, upload(png_bytes(), "logo.svg", "image/svg+xml")
    )
    assert response.json()["logo_url"].endswith(".png")


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "logo.png"),
        (b"<html><script>alert(1)</script></html>", "logo.png"),
        (svg_bytes("<script>alert(1)</script>"), "logo.svg"),
        (svg_bytes('<image href="https://tracker.test/x.png"/>'), "logo.svg"),
        (png_bytes(4001, 100), "huge.png"),
        (png_bytes() + b"\x00" * (1024 * 1024), "big.png"),
        (b"", "empty.png"),
    ],
    ids=["gif", "html", "svg script", "svg external image", "too wide", "over 1 MB", "empty"],
)
def test_a_bad_logo_is_422_naming_logo_and_nothing_is_stored(
    client, owner, department, media_root, content, name
):
    response = _put_logo(
        client, owner, department.pk, upload(content, name), **{"department[city]": "Gdańsk"}
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["logo"]
    assert _stored_files(media_root) == []
    department.refresh_from_db()
    assert (department.logo.name, department.city) == ("", "")


def test_the_422_says_what_is_wrong(client, owner, department):
    owner.account.lang = "en"
    owner.account.save()
    too_wide = _put_logo(client, owner, department.pk, upload(png_bytes(5000, 10)))
    assert too_wide.json()["message"] == {
        "logo": ["is too big (5000×10 pixels; maximum is 4000×4000)"]
    }
    gif = _put_logo(client, owner, department.pk, upload(b"GIF89a" + b"\x00" * 10))
    assert gif.json()["message"] == {"logo": ["must be a PNG, JPEG or SVG image"]}


def test_a_logo_can_come_with_a_new_department(client, owner):
    response = client.post(
        "/departments.json",
        data={
            "api_token": owner.api_token,
            "department[name]": "Nowy",
            "department[logo]": upload(png_bytes()),
        },
    )
    assert response.status_code == 201
    assert LOGO_URL.fullmatch(response.json()["logo_url"])


def test_a_new_logo_replaces_and_deletes_the_previous_file(
    client, owner, department, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _put_logo(client, owner, department.pk, upload(png_bytes())).json()["logo_url"]
    with django_capture_on_commit_callbacks(execute=True):
        second = _put_logo(client, owner, department.pk, upload(jpeg_bytes())).json()["logo_url"]
    assert first != second
    assert _stored_files(media_root) == [second.rsplit("/", 1)[1]]
    assert _public_get(first).status_code == 404
    assert _public_get(second).status_code == 200


def test_an_empty_logo_field_removes_the_logo(
    client, owner, department, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        logo_url = _put_logo(client, owner, department.pk, upload(png_bytes())).json()["logo_url"]
        response = _put_logo(client, owner, department.pk, "")
    assert response.status_code == 200
    assert response.json()["logo_url"] is None
    assert _stored_files(media_root) == []
    assert _public_get(logo_url).status_code == 404


def test_remove_logo_true_removes_the_logo(
    client, owner, department, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _put_logo(client, owner, department.pk, upload(png_bytes()))
        response = client.put(
            f"/departments/{department.pk}.json",
            data=json.dumps({"api_token": owner.api_token, "department": {"remove_logo": True}}),
            content_type="application/json",
        )
    assert response.status_code == 200
    assert response.json()["logo_url"] is None
    assert _stored_files(media_root) == []


def test_an_update_without_logo_keeps_it(client, owner, department):
    logo_url = _put_logo(client, owner, department.pk, upload(png_bytes())).json()["logo_url"]
    response = client.put(
        f"/departments/{department.pk}.json",
        data=json.dumps({"api_token": owner.api_token, "department": {"city": "Opole"}}),
        content_type="application/json",
    )
    assert response.json()["logo_url"] == logo_url


def test_a_refused_update_keeps_the_old_logo_and_writes_no_file(
    client, owner, department, media_root
):
    logo_url = _put_logo(client, owner, department.pk, upload(png_bytes())).json()["logo_url"]
    response = _put_logo(
        client, owner, department.pk, upload(jpeg_bytes()), **{"department[name]": ""}
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["name"]
    assert _stored_files(media_root) == [logo_url.rsplit("/", 1)[1]]
    assert _public_get(logo_url).status_code == 200


def test_deleting_a_department_deletes_its_logo(
    client, owner, department, media_root, django_capture_on_commit_callbacks
):
    logo_url = _put_logo(client, owner, department.pk, upload(png_bytes())).json()["logo_url"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(f"/departments/{department.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert _stored_files(media_root) == []
    assert _public_get(logo_url).status_code == 404


def test_a_logo_for_another_accounts_department_is_404_and_stores_nothing(
    client, owner, other_owner, media_root
):
    foreign = factories.department(other_owner, "Cudzy")
    response = _put_logo(client, owner, foreign.pk, upload(png_bytes()))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.logo.name == ""
    assert _stored_files(media_root) == []


@pytest.mark.parametrize(
    "name",
    [
        "0123456789ABCDEF0123456789ABCDEF.png",
        "0123456789abcdef0123456789abcdef.gif",
        "0123456789abcdef0123456789abcde.png",
        "..%2F..%2Fdb.sqlite3",
        "logo.png",
    ],
)
def test_logo_names_that_the_service_never_makes_are_404(media_root, name):
    (media_root / "logos").mkdir()
    (media_root / "logos" / "logo.png").write_bytes(png_bytes())
    assert _public_get(f"/media/logos/{name}").status_code == 404


def test_a_file_no_department_refers_to_is_not_served(media_root):
    (media_root / "logos").mkdir()
    name = "0123456789abcdef0123456789abcdef.png"
    (media_root / "logos" / name).write_bytes(png_bytes())
    assert _public_get(f"/media/logos/{name}").status_code == 404


def test_a_referenced_but_missing_file_is_404(owner):
    name = "0123456789abcdef0123456789abcdef.png"
    Department.objects.create(account=owner.account, name="Bez pliku", logo=f"logos/{name}")
    assert _public_get(f"/media/logos/{name}").status_code == 404


def test_logos_answer_get_and_head_only(client, owner, department):
    logo_url = _put_logo(client, owner, department.pk, upload(png_bytes())).json()["logo_url"]
    public = Client(HTTP_HOST="app.faktura.test")
    assert public.head(logo_url).status_code == 200
    assert public.post(logo_url).status_code == 405
