"""Warehouse documents' PDFs, the department's logo and the account's signature fields."""

import io
import json

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from faktura.catalog.tests.factories_departments import png_bytes
from faktura.invoicing.services.settings import invoicing_settings_update
from faktura.tests import factories
from faktura.warehouse.models import Warehouse

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text().replace("\u00a0", " ") for page in reader.pages)


def _post(client, owner, path: str, wrapper: str, data: dict) -> dict:
    body = {"api_token": owner.api_token, wrapper: data}
    response = client.post(path, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def _invoice(client, owner, **fields) -> dict:
    invoice = {
        "buyer_name": "Klient1 sp. z o.o.",
        "positions": [{"name": "Usługa", "tax": 23, "price_net": "100", "quantity": 1}],
        **fields,
    }
    return _post(client, owner, "/invoices.json", "invoice", invoice)


def test_a_pz_prints_its_products_purchase_prices_and_total(client, owner):
    main = Warehouse.objects.create(account=owner.account, name="Magazyn Główny", main=True)
    pz = _post(
        client,
        owner,
        "/warehouse_documents.json",
        "warehouse_document",
        {
            "kind": "pz",
            "warehouse_id": main.pk,
            "issue_date": "2026-11-22",
            "client_name": "Hurtownia Żółw SA",
            "warehouse_actions": [
                {"product_name": "Śruba M6", "purchase_price_net": "0.25", "quantity": 1000},
                {"product_name": "Nakrętka", "purchase_price_net": "10.23", "quantity": 5},
            ],
        },
    )
    response = client.get(f"/warehouse_documents/{pz['id']}.pdf?api_token={owner.api_token}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert f"PZ – Przyjęcie zewnętrzne nr {pz['number']}" in text
    assert "Magazyn: Magazyn Główny" in text
    assert "Hurtownia Żółw SA" in text
    assert "1 Śruba M6 1 000 szt 0,25 250,00" in text
    assert "2 Nakrętka 5 szt 10,23 51,15" in text
    assert "Razem 301,15 PLN" in text
    assert "Przyjął" in text


def test_an_mm_names_both_warehouses_and_lists_each_product_once(client, owner):
    main = Warehouse.objects.create(account=owner.account, name="Główny", main=True)
    shop = Warehouse.objects.create(account=owner.account, name="Sklep")
    _post(
        client,
        owner,
        "/warehouse_documents.json",
        "warehouse_document",
        {
            "kind": "pz",
            "warehouse_id": main.pk,
            "warehouse_actions": [{"product_name": "Kabel", "quantity": 10}],
        },
    )
    mm = _post(
        client,
        owner,
        "/warehouse_documents.json",
        "warehouse_document",
        {
            "kind": "mm",
            "warehouse_id": main.pk,
            "warehouse2_id": shop.pk,
            "warehouse_actions": [{"product_name": "Kabel", "quantity": 4}],
        },
    )
    text = _text(
        client.get(f"/warehouse_documents/{mm['id']}.pdf?api_token={owner.api_token}").content
    )
    assert "Z magazynu: Główny" in text
    assert "Do magazynu: Sklep" in text
    assert text.count("Kabel") == 1
    assert "1 Kabel 4 szt" in text


def test_another_accounts_warehouse_document_pdf_is_not_found(client, owner, other_owner):
    main = Warehouse.objects.create(account=other_owner.account, name="Główny", main=True)
    foreign = _post(
        client,
        other_owner,
        "/warehouse_documents.json",
        "warehouse_document",
        {
            "kind": "pz",
            "warehouse_id": main.pk,
            "warehouse_actions": [{"product_name": "X", "quantity": 1}],
        },
    )
    response = client.get(f"/warehouse_documents/{foreign['id']}.pdf?api_token={owner.api_token}")
    assert response.status_code == 404


def _images(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def test_the_departments_logo_is_printed(client, owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    department = factories.department(owner, "Sklep")
    department.logo.save("logo.png", ContentFile(png_bytes(300, 100)))
    with_logo = _invoice(client, owner, department_id=department.pk)
    without = _invoice(client, owner)
    pdf = client.get(f"/invoices/{with_logo['id']}.pdf?api_token={owner.api_token}").content
    assert _images(pdf) == 1
    plain = client.get(f"/invoices/{without['id']}.pdf?api_token={owner.api_token}").content
    assert _images(plain) == 0


def test_the_account_chooses_the_signature_fields(client, owner):
    invoice = _invoice(client, owner, seller_person="Jan Kowalski")
    url = f"/invoices/{invoice['id']}.pdf?api_token={owner.api_token}"
    text = _text(client.get(url).content)
    assert "Podpis osoby upoważnionej do wystawienia" in text
    assert "Podpis osoby upoważnionej do odbioru" in text
    invoicing_settings_update(account=owner.account, data={"print_signatures": ["seller"]})
    text = _text(client.get(url).content)
    assert "Jan Kowalski" in text
    assert "Podpis osoby upoważnionej do odbioru" not in text
    invoicing_settings_update(account=owner.account, data={"print_signatures": []})
    assert "Podpis osoby" not in _text(client.get(url).content)
