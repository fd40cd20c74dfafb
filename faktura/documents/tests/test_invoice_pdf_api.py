"""GET /invoices/{id}.pdf: the printed invoice over the API, with `print_option`."""

import io

import pytest
from pypdf import PdfReader

from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_the_pdf_of_an_invoice_carries_its_number_parties_and_totals(client, owner):
    invoice = factories.numbered_invoice(owner, lines=[factories.line("Usługa A")])
    response = client.get(f"/invoices/{invoice.id}.pdf?api_token={owner.api_token}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    (page,) = _text(response.content)
    assert invoice.number in page
    assert "Acme sp. z o.o." in page
    assert "Klient1 sp. z o.o." in page
    assert "ORYGINAŁ" in page


def test_original_and_copy_prints_two_labelled_copies(client, owner):
    invoice = factories.numbered_invoice(owner)
    response = client.get(
        f"/invoices/{invoice.id}.pdf?api_token={owner.api_token}&print_option=original_and_copy"
    )
    pages = _text(response.content)
    assert ["ORYGINAŁ" in pages[0], "KOPIA" in pages[-1]] == [True, True]


def test_a_print_option_outside_the_set_is_a_400_naming_it(client, owner):
    invoice = factories.numbered_invoice(owner)
    response = client.get(
        f"/invoices/{invoice.id}.pdf?api_token={owner.api_token}&print_option=kopia"
    )
    assert response.status_code == 400
    assert "print_option" in response.json()["message"]


def test_another_accounts_invoice_pdf_is_not_found(client, owner, other_owner):
    invoice = factories.numbered_invoice(other_owner)
    response = client.get(f"/invoices/{invoice.id}.pdf?api_token={owner.api_token}")
    assert response.status_code == 404
