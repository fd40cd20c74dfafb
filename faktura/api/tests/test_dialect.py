"""The API dialect over HTTP: formats in and out, loose scalars, error bodies."""

import json

import pytest

from faktura.catalog.models import Department

pytestmark = pytest.mark.django_db


def _post_json(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_json_suffix_answers_json(client, owner):
    response = client.get(f"/departments.json?api_token={owner.api_token}")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert [d["name"] for d in response.json()] == ["Acme sp. z o.o."]


def test_xml_suffix_answers_rails_shaped_xml_list(client, owner):
    response = client.get(f"/departments.xml?api_token={owner.api_token}")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    text = response.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert '<departments type="array">' in text
    assert "<department>" in text
    assert '<main type="boolean">true</main>' in text
    assert f'<id type="integer">{owner.account.departments.get().pk}</id>' in text


def test_accept_header_selects_the_format_without_a_suffix(client, owner):
    as_xml = client.get(f"/departments?api_token={owner.api_token}", HTTP_ACCEPT="application/xml")
    assert as_xml["Content-Type"].startswith("application/xml")
    as_json = client.get(
        f"/departments?api_token={owner.api_token}", HTTP_ACCEPT="application/json"
    )
    assert as_json.json()[0]["name"] == "Acme sp. z o.o."


def test_browser_without_suffix_does_not_reach_the_api(client, owner):
    response = client.get(f"/departments?api_token={owner.api_token}", HTTP_ACCEPT="text/html")
    assert response.status_code == 404


def test_timestamps_carry_milliseconds_and_the_local_offset(client, owner):
    body = client.get(f"/departments.json?api_token={owner.api_token}").json()[0]
    created = body["created_at"]
    assert created[10] == "T"
    assert created[19] == "."
    assert created[20:23].isdigit()
    assert created[-6] in "+-"
    assert created[-3] == ":"


def test_create_answers_201_and_update_200_with_the_full_object(client, owner):
    created = _post_json(
        client, "/departments.json", {"api_token": owner.api_token, "department": {"name": "A"}}
    )
    assert created.status_code == 201
    updated = client.put(
        f"/departments/{created.json()['id']}.json",
        data=json.dumps({"api_token": owner.api_token, "department": {"city": "Kraków"}}),
        content_type="application/json",
    )
    assert updated.status_code == 200
    assert (updated.json()["name"], updated.json()["city"]) == ("A", "Kraków")


def test_delete_answers_the_json_string_ok(client, owner):
    department = Department.objects.create(account=owner.account, name="Do usunięcia")
    response = client.delete(f"/departments/{department.pk}.json?api_token={owner.api_token}")
    assert response.status_code == 200
    assert response.json() == "ok"
    assert not Department.objects.filter(pk=department.pk).exists()


def test_nested_form_params_with_loose_booleans(client, owner):
    form = f"api_token={owner.api_token}&department[name]=Oddział&department[main]=1"
    response = client.post(
        "/departments.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 201
    assert response.json()["main"] is True
    assert Department.objects.filter(account=owner.account, main=True).get().name == "Oddział"


@pytest.mark.parametrize(("raw", "expected"), [("yes", True), ("false", False), (0, False)])
def test_loose_booleans_in_json(client, owner, raw, expected):
    response = _post_json(
        client,
        "/departments.json",
        {"api_token": owner.api_token, "department": {"name": "X", "main": raw}},
    )
    assert response.status_code == 201
    assert response.json()["main"] is expected


def test_multipart_form_is_read_like_urlencoded(client, owner):
    response = client.post(
        "/departments.json",
        data={"api_token": owner.api_token, "department[name]": "Multipart"},
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Multipart"


def test_xml_body_creates_and_answers_xml(client, owner):
    xml = '<department><name>Łódź</name><city>Łódź</city><main nil="true"/></department>'
    response = client.post(
        f"/departments.xml?api_token={owner.api_token}",
        data=xml.encode(),
        content_type="application/xml",
    )
    assert response.status_code == 201
    assert "<city>Łódź</city>" in response.content.decode()


def test_empty_string_means_no_value(client, owner):
    response = _post_json(
        client,
        "/departments.json",
        {"api_token": owner.api_token, "department": {"name": "", "city": ""}},
    )
    assert response.status_code == 422
    assert response.json() == {"code": "error", "message": {"name": ["nie może być puste"]}}


def test_malformed_json_answers_400_with_the_request(client, owner):
    response = client.post(
        f"/departments.json?api_token={owner.api_token}&x=1",
        data=b'{"department": ',
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "error"
    assert body["message"].startswith("Malformed JSON body")
    assert body["request"] == "/departments.json?x=1"


def test_json_body_that_is_not_an_object_answers_400(client, owner):
    response = client.post(
        f"/departments.json?api_token={owner.api_token}",
        data=b"[1, 2]",
        content_type="application/json",
    )
    assert response.status_code == 400


def test_conflicting_form_keys_answer_400_naming_the_key(client, owner):
    form = f"api_token={owner.api_token}&department=1&department[name]=x"
    response = client.post(
        "/departments.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "department" in response.json()["message"]


def test_wrong_type_answers_422_naming_the_field(client, owner):
    response = _post_json(
        client,
        "/departments.json",
        {"api_token": owner.api_token, "department": {"name": "X", "main": "maybe"}},
    )
    assert response.status_code == 422
    assert list(response.json()["message"]) == ["main"]


def test_body_over_the_limit_answers_413(client, owner, settings):
    settings.FAKTURA_MAX_BODY_BYTES = 1000
    body = {"api_token": owner.api_token, "department": {"name": "X" * 2000}}
    response = _post_json(client, "/departments.json", body)
    assert response.status_code == 413
    assert response.json()["code"] == "error"
    assert not Department.objects.filter(name__startswith="XXX").exists()


def test_unexpected_failure_answers_500_without_internal_detail(client, owner, monkeypatch):
    from faktura.catalog.selectors import departments as selectors

    def explode(**kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(selectors, "department_list", explode)
    response = client.get(f"/departments.json?api_token={owner.api_token}")
    assert response.status_code == 500
    assert response.json() == {"code": "error", "message": "Internal server error"}


def test_debug_is_off_unless_enabled():
    from django.conf import settings

    assert settings.DEBUG is False


def test_openapi_schema_lists_paths_with_the_json_suffix(client):
    schema = client.get("/openapi.json").json()
    assert "/account.json" in schema["paths"]
    assert "/departments/{id}.json" in schema["paths"]


def test_interactive_docs_are_served_with_local_assets(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert b"/openapi.json" in page.content
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_healthz_answers_200_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


class TestXmlAttacks:
    XXE = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<department><name>&xxe;</name></department>"
    )
    BILLION_LAUGHS = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        b"<department><name>&lol4;</name></department>"
    )

    @pytest.mark.parametrize("payload", [XXE, BILLION_LAUGHS], ids=["xxe", "billion-laughs"])
    def test_entity_payloads_are_refused_with_400(self, client, owner, payload):
        response = client.post(
            f"/departments.xml?api_token={owner.api_token}",
            data=payload,
            content_type="application/xml",
        )
        assert response.status_code == 400
        assert b"root:" not in response.content
        assert not Department.objects.exclude(name="Acme sp. z o.o.").exists()

    def test_malformed_xml_answers_400(self, client, owner):
        response = client.post(
            f"/departments.xml?api_token={owner.api_token}",
            data=b"<department><name>x</department>",
            content_type="application/xml",
        )
        assert response.status_code == 400
        assert b"Malformed XML body" in response.content


def test_unknown_api_path_answers_the_api_404_body(client, owner):
    response = client.get(f"/no_such_resource.json?api_token={owner.api_token}")
    assert response.status_code == 404
    assert response.json()["message"] == "Not found"
    as_xml = client.get("/no_such_resource.xml")
    assert as_xml.status_code == 404
    assert as_xml["Content-Type"].startswith("application/xml")


def test_pdf_suffix_on_a_resource_without_pdf_is_not_the_api(client, owner):
    response = client.get(f"/account.pdf?api_token={owner.api_token}")
    assert response.status_code == 404
    assert b"api_token" not in response.content
    assert not response["Content-Type"].startswith("application/pdf")


def test_too_many_form_fields_answer_400_not_500(client, owner, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    form = f"api_token={owner.api_token}&" + "&".join(f"department[f{n}]=x" for n in range(20))
    response = client.post(
        "/departments.json", data=form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Too many form fields" in response.json()["message"]


def test_body_over_djangos_own_limit_also_answers_413(client, owner, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    body = json.dumps({"api_token": owner.api_token, "department": {"name": "X" * 500}})
    response = client.generic(
        "POST", "/departments.json", data=body, content_type="application/json"
    )
    # Bodies sent without a length pass the middleware; Django's limit catches them.
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"department": {"name": "A\x00B"}}, "department.name"),
        ({"department": {"name": "A", "tags": ["x", "\x00"]}}, "department.tags.1"),
    ],
)
def test_nul_characters_in_a_body_answer_400_naming_the_field(client, owner, body, name):
    response = _post_json(client, "/departments.json", {"api_token": owner.api_token, **body})
    assert response.status_code == 400
    assert name in response.json()["message"]
    assert Department.objects.filter(account=owner.account).count() == 1


def test_nul_characters_in_a_query_answer_400(client, owner):
    response = client.get(f"/departments.json?api_token={owner.api_token}&order=na%00me")
    assert response.status_code == 400
    assert "order" in response.json()["message"]


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_form_bodies_work_with_put_and_patch(client, owner, method):
    department = Department.objects.create(account=owner.account, name="Stary")
    form = f"api_token={owner.api_token}&department[name]=Nowy&department[city]=Łódź"
    response = client.generic(
        method,
        f"/departments/{department.pk}.json",
        data=form.encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    department.refresh_from_db()
    assert (department.name, department.city) == ("Nowy", "Łódź")


def test_multipart_put_carries_the_token_and_fields(client, owner):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    department = Department.objects.create(account=owner.account, name="Stary")
    body = encode_multipart(
        BOUNDARY, {"api_token": owner.api_token, "department[name]": "Z formularza"}
    )
    response = client.generic(
        "PUT", f"/departments/{department.pk}.json", data=body, content_type=MULTIPART_CONTENT
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Z formularza"


def test_an_action_posted_without_a_body_takes_its_query_parameters(client, owner):
    # The reference's call: curl -X POST ".../change_status.json?api_token=…&status=paid"
    from faktura.invoicing.tests import factories_invoices

    invoice = factories_invoices.numbered_invoice(owner)
    token = owner.api_token
    response = client.generic(
        "POST", f"/invoices/{invoice.id}/change_status.json?api_token={token}&status=paid"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "paid"
    response = client.generic(
        "POST", f"/invoices/cancel.json?api_token={token}&cancel_invoice_id={invoice.id}"
    )
    assert response.status_code == 200, response.content


def test_a_create_without_a_body_names_what_is_missing(client, owner):
    response = client.generic("POST", f"/clients.json?api_token={owner.api_token}")
    assert response.status_code in (400, 422)
    assert "payload" not in response.content.decode()
