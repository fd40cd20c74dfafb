"""The three steps over real HTTP, as the reference's curl calls make them.

pytest-django's `live_server` serves the requests; the multipart body is built
byte for byte as `curl -F 'field=value' … -F 'file=@name.ext'` builds it. The
host names of the account (`acme.faktura.test`) reach the server as the Host
header, as `curl --resolve` would send them.
"""

import io
import json
import urllib.error
import urllib.request
import zipfile
from urllib.parse import urlencode, urlsplit

import pytest

from faktura.attachments.tests import factories as uploads
from faktura.invoicing.tests import factories_invoices as invoices

HOST = "acme.faktura.test"


class _Server:
    def __init__(self, live_server):
        self.address = urlsplit(live_server.url)

    def request(self, method: str, url: str, *, body=None, headers=None):
        """(status, headers, body) of `method url`, sent to the live server with url's host."""
        parts = urlsplit(url)
        target = f"http://{self.address.netloc}{parts.path}"
        if parts.query:
            target += f"?{parts.query}"
        request = urllib.request.Request(  # noqa: S310 (http to the test server)
            target,
            data=body,
            method=method,
            headers={"Host": parts.netloc or HOST, **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


@pytest.mark.django_db(transaction=True)
def test_the_reference_curl_steps_over_http(live_server, owner):
    server = _Server(live_server)
    invoice = invoices.numbered_invoice(owner)
    token = urlencode({"api_token": owner.api_token})
    base = f"http://{HOST}/invoices/{invoice.pk}"
    content = bytes(range(256)) * 4096  # 1 MiB, every byte value

    status, _headers, body = server.request(
        "GET", f"{base}/get_new_attachment_credentials.json?{token}"
    )
    assert status == 200, body
    given = json.loads(body)

    form, content_type = uploads.curl_form(
        uploads.upload_fields(given), file_name="wyciąg.bin", content=content
    )
    status, headers, body = server.request(
        "POST", given["url"], body=form, headers={"Content-Type": content_type}
    )
    assert status == 201, body
    assert headers["Content-Type"] == "application/xml"
    assert b"<Key>uploads/" in body

    query = urlencode({"api_token": owner.api_token, "file_name": "wyciąg.bin"})
    status, _headers, body = server.request("POST", f"{base}/add_attachment.json?{query}")
    assert status == 201, body
    attachment = json.loads(body)
    assert (attachment["file_name"], attachment["size"]) == ("wyciąg.bin", len(content))

    status, _headers, body = server.request("GET", f"{base}/attachments.json?{token}")
    assert status == 200
    assert json.loads(body) == [attachment]

    status, headers, body = server.request("GET", f"{base}/attachments_zip.json?{token}")
    assert status == 200
    assert headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.namelist() == ["wyciąg.bin"]
        assert archive.read("wyciąg.bin") == content


@pytest.mark.django_db(transaction=True)
def test_a_tampered_upload_is_refused_over_http(live_server, owner):
    server = _Server(live_server)
    invoice = invoices.numbered_invoice(owner)
    token = urlencode({"api_token": owner.api_token})
    _status, _headers, body = server.request(
        "GET", f"http://{HOST}/invoices/{invoice.pk}/get_new_attachment_credentials.json?{token}"
    )
    given = json.loads(body)
    fields = uploads.upload_fields(given)
    fields["signature"] = given["signature"][::-1]
    form, content_type = uploads.curl_form(fields)

    status, _headers, body = server.request(
        "POST", given["url"], body=form, headers={"Content-Type": content_type}
    )

    assert status == 403
    assert b"<ArgumentName>signature</ArgumentName>" in body
