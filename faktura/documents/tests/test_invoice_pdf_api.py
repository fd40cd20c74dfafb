"""GET /invoices/{id}.pdf: each kind and language printed from invoices made through the API.

The PDFs' text is read back with pypdf and checked for what the page must say:
number, title, parties, the per-rate totals, the amount in words, the copy label.
"""

import io
import json

import pytest
from django.utils import timezone
from pypdf import PdfReader

from faktura.documents import labels
from faktura.invoicing.services.create import KINDS

pytestmark = pytest.mark.django_db

ORDER_LINES = [
    {"name": "Usługa A", "tax": 23, "price_net": "100", "quantity": 1},
    {"name": "Towar B", "tax": 8, "price_net": "25", "quantity": 2},
]


def _post(client, owner, invoice: dict) -> dict:
    body = {"api_token": owner.api_token, "invoice": invoice}
    response = client.post("/invoices.json", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def _issue(client, owner, **fields) -> dict:
    invoice = {
        "issue_date": "2026-11-22",
        "seller_name": "Acme sp. z o.o.",
        "seller_tax_no": "5252445767",
        "buyer_name": "Klient1 sp. z o.o.",
        "buyer_tax_no": "6272616681",
        "positions": ORDER_LINES,
        **fields,
    }
    return _post(client, owner, invoice)


def _pages(client, owner, invoice_id: int, **params) -> list[str]:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    response = client.get(f"/invoices/{invoice_id}.pdf?api_token={owner.api_token}&{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Amounts group thousands with a no-break space; compare with plain spaces.
    return [page.extract_text().replace("\u00a0", " ") for page in reader.pages]


def _text(client, owner, invoice_id: int, **params) -> str:
    return "\n".join(_pages(client, owner, invoice_id, **params))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_prints_its_title_number_parties_and_totals(client, owner, kind):
    invoice = _issue(client, owner, kind=kind)
    text = _text(client, owner, invoice["id"])
    assert labels.title(kind, "pl") in text
    assert invoice["number"] in text
    assert "Acme sp. z o.o." in text
    assert "Klient1 sp. z o.o." in text
    assert "ORYGINAŁ" in text
    assert "177,00" in text  # the gross total: 123.00 + 54.00
    if kind not in ("kp", "kw", "bill"):
        # The VAT summary per rate.
        assert "100,00 23% 23,00 123,00" in text
        assert "50,00 8% 4,00 54,00" in text
    assert "sto siedemdziesiąt siedem złotych zero groszy" in text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("pl", ["Faktura VAT", "SPRZEDAWCA", "NABYWCA", "Do zapłaty: 1 353,00 PLN", "Słownie"]),
        ("en", ["VAT invoice", "SELLER", "BUYER", "Amount due: 1,353.00 PLN", "one thousand"]),
        ("de", ["Rechnung", "VERKÄUFER", "KÄUFER", "Zu zahlen: 1.353,00 PLN", "eintausend"]),
        ("uk", ["Рахунок-фактура ПДВ", "ПРОДАВЕЦЬ", "ПОКУПЕЦЬ", "До сплати: 1 353,00 PLN"]),
        ("pl/en", ["Faktura VAT / VAT invoice", "SPRZEDAWCA / SELLER", "1 353,00"]),
    ],
)
def test_each_language_prints_its_words_numbers_and_letters(client, owner, lang, expected):
    invoice = _issue(
        client,
        owner,
        lang=lang,
        buyer_name="Zażółć gęślą jaźń – Größe Straße – Привіт, ґанок, їжак",
        positions=[{"name": "Wdrożenie", "tax": 23, "price_net": "1100", "quantity": 1}],
    )
    # A long name wraps in its column: compare with line breaks as spaces.
    text = " ".join(_text(client, owner, invoice["id"]).split())
    for fragment in expected:
        assert fragment in text
    assert "Zażółć gęślą jaźń – Größe Straße – Привіт, ґанок, їжак" in text


def test_print_options_label_each_copy(client, owner):
    invoice = _issue(client, owner)
    both = _pages(client, owner, invoice["id"], print_option="original_and_copy")
    assert len(both) == 2
    assert "ORYGINAŁ" in both[0]
    assert "KOPIA" in both[1]
    assert "KOPIA" in _text(client, owner, invoice["id"], print_option="copy")
    duplicate = _text(client, owner, invoice["id"], print_option="duplicate")
    today = timezone.localdate().isoformat()
    assert "DUPLIKAT" in duplicate
    assert f"Data wystawienia duplikatu: {today}" in duplicate


def test_a_print_option_outside_the_set_is_a_400_naming_it(client, owner):
    invoice = _issue(client, owner)
    response = client.get(
        f"/invoices/{invoice['id']}.pdf?api_token={owner.api_token}&print_option=kopia"
    )
    assert response.status_code == 400
    assert "print_option" in response.json()["message"]


def test_the_download_is_named_after_the_document(client, owner):
    invoice = _issue(client, owner)
    response = client.get(f"/invoices/{invoice['id']}.pdf?api_token={owner.api_token}")
    expected = "Faktura_VAT_" + invoice["number"].replace("/", "-") + ".pdf"
    assert f'attachment; filename="{expected}"' in response["Content-Disposition"]


def test_another_accounts_invoice_pdf_is_not_found(client, owner, other_owner):
    invoice = _issue(client, other_owner)
    response = client.get(f"/invoices/{invoice['id']}.pdf?api_token={owner.api_token}")
    assert response.status_code == 404


def test_a_correction_prints_the_corrected_invoice_reason_and_both_sides(client, owner):
    corrected = _issue(client, owner)
    side = {"name": "Usługa A", "tax": "23"}
    correction = _post(
        client,
        owner,
        {
            "kind": "correction",
            "invoice_id": corrected["id"],
            "from_invoice_id": corrected["id"],
            "correction_reason": "Rabat posprzedażowy",
            "positions": [
                {
                    **side,
                    "kind": "correction",
                    "quantity": 1,
                    "total_price_gross": "-23",
                    "correction_before_attributes": {
                        **side,
                        "kind": "correction_before",
                        "quantity": 1,
                        "total_price_gross": "123",
                    },
                    "correction_after_attributes": {
                        **side,
                        "kind": "correction_after",
                        "quantity": 1,
                        "total_price_gross": "100",
                    },
                }
            ],
        },
    )
    text = _text(client, owner, correction["id"])
    assert "Faktura korygująca" in text
    assert f"Dotyczy faktury nr {corrected['number']} z dnia 2026-11-22" in text
    assert "Przyczyna korekty: Rabat posprzedażowy" in text
    assert "Przed korektą" in text
    assert "Po korekcie" in text
    # The difference per rate: gross 100.00 − 123.00 = −23.00 (net −18.70, VAT −4.30).
    assert "-18,70 23% -4,30 -23,00" in text
    assert "Do zwrotu: 23,00 PLN" in text
    assert "Słownie: dwadzieścia trzy złote zero groszy" in text


def test_a_final_invoice_prints_the_advances_it_settles(client, owner):
    order = _issue(client, owner, kind="estimate")
    advance = _post(
        client,
        owner,
        {
            "copy_invoice_from": order["id"],
            "kind": "advance",
            "advance_creation_mode": "percent",
            "advance_value": "10",
        },
    )
    advance_text = _text(client, owner, advance["id"])
    assert f"Zamówienie nr {order['number']}, Wartość zamówienia: 177,00 PLN" in advance_text
    final = _post(
        client,
        owner,
        {"copy_invoice_from": order["id"], "kind": "final", "invoice_ids": [advance["id"]]},
    )
    text = _text(client, owner, final["id"])
    assert "Rozliczone zaliczki" in text
    assert f"{advance['number']} 2026-11-22 15,00 2,70 17,70" in text.replace("\n", " ")
    # Left per rate: 23%: 123.00 − 12.30 = 110.70; 8%: 54.00 − 5.40 = 48.60.
    assert "90,00 23% 20,70 110,70" in text
    assert "45,00 8% 3,60 48,60" in text
    assert "Do zapłaty: 159,30 PLN" in text


def test_legal_notes_are_printed(client, owner):
    invoice = _issue(
        client,
        owner,
        split_payment=True,
        exempt_tax_kind="art. 43 ust. 1 pkt 29 lit. c",
        positions=[{"name": "Szkolenie", "tax": "zw", "price_net": "15000", "quantity": 1}],
    )
    text = _text(client, owner, invoice["id"])
    assert "Mechanizm podzielonej płatności" in text
    assert "Podstawa zwolnienia z VAT: art. 43 ust. 1 pkt 29 lit. c" in text
    assert "15 000,00 zw 0,00 15 000,00" in text
    margin = _issue(
        client, owner, kind="vat_margin", procedure_vat_margin="procedura marży – towary używane"
    )
    assert "procedura marży – towary używane" in _text(client, owner, margin["id"])


def test_bank_accounts_payment_and_descriptions_are_printed(client, owner):
    invoice = _issue(
        client,
        owner,
        payment_type="transfer",
        payment_to="2026-12-06",
        seller_bank_account="PL61 1090 1014 0000 0712 1981 2874",
        description="Zamówienie ZAM/7",
        description_footer="Acme sp. z o.o., KRS 0000123456",
        description_long="Warunki gwarancji: 24 miesiące.",
        seller_person="Jan Kowalski",
    )
    text = _text(client, owner, invoice["id"])
    assert "Sposób płatności: przelew" in text
    assert "Termin płatności: 2026-12-06" in text
    assert "PL61 1090 1014 0000 0712 1981 2874" in text
    assert "Uwagi: Zamówienie ZAM/7" in text
    assert "Acme sp. z o.o., KRS 0000123456" in text
    assert "Warunki gwarancji: 24 miesiące." in text
    assert "Jan Kowalski" in text


def test_what_users_type_is_printed_as_text_never_as_markup(client, owner):
    typed = '*gwiazdki* _podkreślenie_ #let x = 1 $x^2$ <etykieta> @ref \\ "cudzysłów" [nawias]'
    invoice = _issue(
        client,
        owner,
        buyer_name=typed,
        description=typed,
        positions=[{"name": typed, "tax": 23, "price_net": "100", "quantity": 1}],
    )
    text = " ".join(_text(client, owner, invoice["id"]).split())
    assert text.count(typed) == 3
