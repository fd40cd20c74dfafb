"""The public link's PDF, its not-found answers, and which host finds which token."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_a_download_carrying_the_invoice(client, owner):
    invoice = factories.numbered_invoice(owner, lines=[factories.line("Usługa A")])
    response = client.get(f"/invoice/{invoice.token}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Faktura_VAT_{n}.pdf\"; filename*=UTF-8''Faktura_VAT_{n}.pdf"
    ).format(n=invoice.number.replace("/", "-"))
    text = _pdf_text(response.content)
    assert invoice.number in text
    assert "Klient1 sp. z o.o." in text


@pytest.mark.parametrize(
    ("query", "disposition"),
    [
        ("?inline=yes", "inline"),
        ("?inline=YES", "inline"),
        ("?inline=no", "attachment"),
        ("?inline=1", "attachment"),
        ("?inline=", "attachment"),
        ("", "attachment"),
    ],
)
def test_only_inline_yes_shows_the_pdf_in_the_browser(client, owner, query, disposition):
    invoice = factories.numbered_invoice(owner)
    response = client.get(f"/invoice/{invoice.token}.pdf{query}")
    assert response.status_code == 200
    assert response["Content-Disposition"].split(";")[0] == disposition


def test_the_pdf_keeps_out_of_search_engines_referrers_and_caches(client, owner):
    response = client.get(f"/invoice/{factories.numbered_invoice(owner).token}.pdf")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "private, no-store"


NOT_TOKENS = [
    "AAAAAAAAAAAAAAAAAAAA",  # the right form, no such invoice
    "x" * 41,  # longer than any token
    "abc%21def",  # a character no token has
    "%3Cscript%3E",
    "..",
    "a.b",
    "%00",
]


@pytest.mark.parametrize("token", NOT_TOKENS)
@pytest.mark.parametrize("suffix", ["", ".pdf"])
def test_a_token_of_no_invoice_is_a_plain_404_page(client, owner, token, suffix):
    factories.numbered_invoice(owner)
    response = client.get(f"/invoice/{token}{suffix}")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "Nie znaleziono dokumentu" in html
    assert "Acme" not in html
    assert "Traceback" not in html


def test_on_an_accounts_host_only_that_accounts_tokens_are_found(owner, other_owner):
    ours = factories.numbered_invoice(owner)
    theirs = factories.numbered_invoice(other_owner, buyer_name="Obcy nabywca")
    acme = Client(HTTP_HOST="acme.faktura.test")
    assert acme.get(f"/invoice/{ours.token}").status_code == 200
    assert acme.get(f"/invoice/{ours.token}.pdf").status_code == 200
    for path in (f"/invoice/{theirs.token}", f"/invoice/{theirs.token}.pdf"):
        response = acme.get(path)
        assert response.status_code == 404
        assert "Obcy nabywca" not in response.content.decode()
    globex = Client(HTTP_HOST="globex.faktura.test")
    assert globex.get(f"/invoice/{theirs.token}").status_code == 200
    assert globex.get(f"/invoice/{ours.token}").status_code == 404


@pytest.mark.parametrize("host", ["app.faktura.test", "faktura.test", "www.faktura.test"])
def test_on_the_bare_service_every_token_is_found(owner, other_owner, host):
    bare = Client(HTTP_HOST=host)
    for membership in (owner, other_owner):
        invoice = factories.numbered_invoice(membership)
        assert bare.get(f"/invoice/{invoice.token}").status_code == 200
        assert bare.get(f"/invoice/{invoice.token}.pdf").status_code == 200


def test_the_view_url_the_api_gives_opens_the_page(client, owner):
    invoice = factories.numbered_invoice(owner)
    view_url = client.get(f"/invoices/{invoice.id}.json?api_token={owner.api_token}").json()[
        "view_url"
    ]
    assert view_url == f"https://acme.faktura.test/invoice/{invoice.token}"
    host, path = view_url.removeprefix("https://").split("/", 1)
    response = Client(HTTP_HOST=host).get(f"/{path}")
    assert response.status_code == 200
    assert invoice.number in response.content.decode()
