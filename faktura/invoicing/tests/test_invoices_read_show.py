"""GET /invoices/{id}.json: the whole invoice in the recorded wire format (wire notes §1.1)."""

import datetime as dt
import json
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.test import RequestFactory
from django.utils import timezone
from ninja.responses import NinjaJSONEncoder

from faktura.catalog.models import BankAccount, Category, Client, Department
from faktura.invoicing import selectors
from faktura.invoicing.api.output import InvoiceOut, invoice_data, invoice_out
from faktura.invoicing.models import (
    Invoice,
    InvoiceBankAccount,
    InvoiceDescription,
    InvoicePosition,
    SettlementPosition,
)
from faktura.invoicing.tests import factories_invoices as factories

# A serializer warning would mean a value of the wrong type reached the output.
pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error")]

# The keys of the recorded 2018 responses, in their order, then the newer ones.
KEYS = [
    "id",
    "user_id",
    "account_id",
    "app",
    "number",
    "place",
    "sell_date",
    "payment_type",
    "price_net",
    "price_gross",
    "price_tax",
    "currency",
    "status",
    "description",
    "seller_name",
    "seller_tax_no",
    "seller_street",
    "seller_post_code",
    "seller_city",
    "seller_country",
    "seller_email",
    "seller_phone",
    "seller_fax",
    "seller_www",
    "seller_person",
    "seller_bank",
    "seller_bank_account",
    "seller_bank_account_id",
    "seller_tax_no_kind",
    "seller_bdo_no",
    "seller_jst",
    "seller_gv",
    "buyer_name",
    "buyer_tax_no",
    "buyer_post_code",
    "buyer_city",
    "buyer_street",
    "buyer_first_name",
    "buyer_last_name",
    "buyer_country",
    "buyer_email",
    "buyer_www",
    "buyer_fax",
    "buyer_phone",
    "buyer_mobile_phone",
    "buyer_note",
    "buyer_person",
    "buyer_bank",
    "buyer_bank_account",
    "buyer_mass_payment_code",
    "buyer_company",
    "buyer_tax_no_kind",
    "buyer_jst",
    "buyer_gv",
    "created_at",
    "updated_at",
    "token",
    "kind",
    "pattern",
    "pattern_nr",
    "pattern_nr_m",
    "pattern_nr_d",
    "client_id",
    "payment_to",
    "paid",
    "lang",
    "issue_date",
    "department_id",
    "correction",
    "additional_info_desc",
    "additional_info",
    "product_cache",
    "from_invoice_id",
    "oid",
    "discount",
    "show_discount",
    "sent_time",
    "print_time",
    "recurring_id",
    "tax2_visible",
    "warehouse_id",
    "paid_date",
    "product_id",
    "issue_year",
    "internal_note",
    "invoice_id",
    "invoice_template_id",
    "description_long",
    "description_footer",
    "sell_date_kind",
    "payment_to_kind",
    "exchange_currency",
    "discount_kind",
    "income",
    "from_api",
    "category_id",
    "warehouse_document_id",
    "exchange_kind",
    "exchange_rate",
    "use_delivery_address",
    "delivery_address",
    "accounting_kind",
    "exchange_note",
    "client_company",
    "show_attachments",
    "exchange_currency_rate",
    "has_attachments",
    "exchange_date",
    "attachments_count",
    "delivery_date",
    "fiscal_status",
    "use_moss",
    "transaction_date",
    "email_status",
    "exclude_from_stock_level",
    "exclude_from_accounting",
    "exchange_rate_den",
    "exchange_currency_rate_den",
    "accounting_scheme",
    "exchange_difference",
    "not_cost",
    "reverse_charge",
    "issuer",
    "use_issuer",
    "cancelled",
    "recipient_id",
    "recipient_name",
    "test",
    "discount_net",
    "approval_status",
    "accounting_vat_tax_date",
    "accounting_income_tax_date",
    "accounting_other_tax_date",
    "accounting_status",
    "payment_url",
    "sales_code",
    "adjust_invoice_price",
    "check_fiscal_print",
    "deleted",
    "origin",
    "additional_fields",
    "calculating_strategy",
    "search_data",
    "view_url",
    "overdue?",
    "tax_visible?",
    "use_oss",
    "split_payment",
    "gtu_codes",
    "procedure_designations",
    "exempt_tax_kind",
    "np_tax_kind",
    "procedure_vat_margin",
    "additional_invoice_field",
    "invoice_issuer",
    "use_invoice_issuer",
    "correction_reason",
    "accounting_note_kind",
    "skonto_active",
    "skonto_discount_date",
    "skonto_discount_value",
    "recipient_street",
    "recipient_post_code",
    "recipient_city",
    "recipient_country",
    "recipient_email",
    "recipient_phone",
    "recipient_note",
    "gov_id",
    "gov_kind",
    "gov_status",
    "gov_send_date",
    "gov_sell_date",
    "gov_error_messages",
    "gov_verification_link",
    "gov_link",
    "gov_corrected_invoice_number",
    "bank_accounts",
    "positions",
]
POSITION_KEYS = [
    "id",
    "invoice_id",
    "name",
    "description",
    "price_net",
    "quantity",
    "total_price_gross",
    "total_price_net",
    "account_id",
    "created_at",
    "updated_at",
    "additional_info",
    "quantity_unit",
    "tax",
    "price_gross",
    "price_tax",
    "total_price_tax",
    "kind",
    "invoice_position_id",
    "product_id",
    "deleted",
    "discount",
    "discount_percent",
    "tax2",
    "exchange_rate",
    "accounting_tax_kind",
    "code",
    "additional_fields",
    "gtu_code",
    "lump_sum_tax",
    "total_purchase_price",
]


@pytest.fixture(autouse=True)
def _english(owner):
    owner.account.lang = "en"
    owner.account.save(update_fields=["lang"])


def _show(client, owner, invoice_id, fmt="json", **params):
    query = urlencode({"api_token": owner.api_token, **params})
    return client.get(f"/invoices/{invoice_id}.{fmt}?{query}")


def _body(client, owner, invoice_id, **params) -> dict:
    response = _show(client, owner, invoice_id, **params)
    assert response.status_code == 200, response.content
    return response.json()


def test_an_invoice_has_every_key_of_the_recorded_responses_in_order(client, owner):
    invoice = factories.invoice(owner)
    body = _body(client, owner, invoice.pk)
    assert list(body) == KEYS
    assert list(body["positions"][0]) == POSITION_KEYS


def test_values_have_the_wire_types_money_quantities_dates_and_timestamps(client, owner):
    invoice = factories.invoice(
        owner,
        issue_date=dt.date(2026, 1, 16),
        sell_date=dt.date(2026, 1, 15),
        payment_to=dt.date(2026, 1, 23),
        paid=Decimal("12.5"),
        lines=[factories.line("Produkt A1", quantity="1.5", price_net="59.00", tax="23")],
    )
    body = _body(client, owner, invoice.pk)
    # 1.5 × 59.00 = 88.50 net; 23% of it is 20.355, rounded half up to 20.36.
    assert {key: body[key] for key in ("price_net", "price_tax", "price_gross", "paid")} == {
        "price_net": "88.50",
        "price_tax": "20.36",
        "price_gross": "108.86",
        "paid": "12.50",
    }
    assert (body["issue_date"], body["sell_date"], body["payment_to"]) == (
        "2026-01-16",
        "2026-01-15",
        "2026-01-23",
    )
    assert body["issue_year"] == 2026
    created = body["created_at"]
    assert (created[10], created[19], created[-6], created[-3]) == ("T", ".", "+", ":")
    assert created == timezone.localtime(invoice.created_at).isoformat(timespec="milliseconds")
    (position,) = body["positions"]
    assert {
        key: position[key]
        for key in ("quantity", "tax", "price_net", "price_gross", "price_tax", "kind")
    } == {
        "quantity": "1.5",
        "tax": "23",
        "price_net": "59.00",
        "price_gross": "72.57",
        "price_tax": "13.57",
        "kind": None,
    }
    assert (position["created_at"], position["updated_at"]) == (created, body["updated_at"])
    assert (position["exchange_rate"], position["tax2"], position["deleted"]) == ("1.0", "0", False)


def test_stored_fields_are_shown_as_stored(client, owner):
    buyer = Client.objects.create(account=owner.account, name="Kupiec")
    department = Department.objects.create(account=owner.account, name="Sklep")
    category = Category.objects.create(account=owner.account, name="Usługi")
    proforma = factories.invoice(owner, kind="proforma")
    invoice = factories.invoice(
        owner,
        client=buyer,
        recipient=buyer,
        recipient_name="Odbiorca",
        department=department,
        category=category,
        from_invoice=proforma,
        invoice=proforma,
        oid="zamowienie10021",
        split_payment=True,
        use_oss=True,
        gtu_codes=["GTU_12"],
        procedure_designations=["TP"],
        use_invoice_issuer=True,
        invoice_issuer="Jan Wystawca",
        from_api=True,
        exchange_currency="EUR",
        exchange_kind="own",
        exchange_currency_rate=Decimal("4.2512"),
        skonto_active=True,
        skonto_discount_value=Decimal("10"),
    )
    body = _body(client, owner, invoice.pk)
    assert {
        key: body[key]
        for key in (
            "client_id",
            "recipient_id",
            "recipient_name",
            "department_id",
            "category_id",
            "from_invoice_id",
            "invoice_id",
            "oid",
            "split_payment",
            "use_oss",
            "use_moss",
            "gtu_codes",
            "procedure_designations",
            "issuer",
            "use_issuer",
            "invoice_issuer",
            "use_invoice_issuer",
            "origin",
            "from_api",
            "exchange_rate",
            "exchange_currency_rate",
            "skonto_discount_value",
            "client_company",
        )
    } == {
        "client_id": buyer.pk,
        "recipient_id": buyer.pk,
        "recipient_name": "Odbiorca",
        "department_id": department.pk,
        "category_id": category.pk,
        "from_invoice_id": proforma.pk,
        "invoice_id": proforma.pk,
        "oid": "zamowienie10021",
        "split_payment": True,
        "use_oss": True,
        "use_moss": True,
        "gtu_codes": ["GTU_12"],
        "procedure_designations": ["TP"],
        "issuer": "Jan Wystawca",
        "use_issuer": True,
        "invoice_issuer": "Jan Wystawca",
        "use_invoice_issuer": True,
        "origin": "api",
        "from_api": True,
        "exchange_rate": "4.2512",
        "exchange_currency_rate": "4.2512",
        "skonto_discount_value": "10",
        "client_company": True,
    }


def test_exchange_rate_is_one_without_conversion_and_unknown_for_a_looked_up_rate(client, owner):
    plain = factories.invoice(owner)
    looked_up = factories.invoice(owner, exchange_currency="EUR", exchange_kind="nbp")
    assert _body(client, owner, plain.pk)["exchange_rate"] == "1.0"
    assert _body(client, owner, looked_up.pk)["exchange_rate"] is None


def test_keys_the_model_does_not_hold_are_null_or_false(client, owner):
    body = _body(client, owner, factories.invoice(owner).pk)
    assert [body[key] for key in ("app", "recurring_id", "warehouse_document_id", "gov_id")] == [
        None,
        None,
        None,
        None,
    ]
    assert [body[key] for key in ("gov_status", "payment_url", "discount", "product_cache")] == [
        None,
        None,
        None,
        None,
    ]
    assert [body[key] for key in ("deleted", "test", "tax2_visible")] == [False, False, False]
    assert body["attachments_count"] == 0


def test_a_month_given_as_sell_date_is_shown_as_the_month(client, owner):
    invoice = factories.invoice(owner, sell_date=dt.date(2026, 11, 1), sell_date_kind="month")
    body = _body(client, owner, invoice.pk)
    assert (body["sell_date"], body["sell_date_kind"]) == ("2026-11", "month")


def test_view_url_is_the_accounts_public_link_with_the_token(client, owner):
    invoice = factories.invoice(owner)
    body = _body(client, owner, invoice.pk)
    assert body["token"] == invoice.token
    assert body["view_url"] == f"https://acme.faktura.test/invoice/{invoice.token}"


def test_an_unpaid_invoice_past_its_payment_date_is_overdue(client, owner):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    late = factories.invoice(owner, payment_to=yesterday)
    paid = factories.invoice(owner, payment_to=yesterday, status="paid")
    cancelled = factories.invoice(owner, payment_to=yesterday, cancelled=True, kind="canceled")
    due_today = factories.invoice(owner, payment_to=timezone.localdate())
    no_term = factories.invoice(owner, payment_to=None, payment_to_kind="off")
    overdue = {
        name: _body(client, owner, invoice.pk)["overdue?"]
        for name, invoice in [
            ("late", late),
            ("paid", paid),
            ("cancelled", cancelled),
            ("due_today", due_today),
            ("no_term", no_term),
        ]
    }
    assert overdue == {
        "late": True,
        "paid": False,
        "cancelled": False,
        "due_today": False,
        "no_term": False,
    }


def test_tax_is_visible_except_on_documents_without_vat(client, owner):
    vat = factories.invoice(owner, kind="vat")
    bill = factories.invoice(owner, kind="bill", lines=[factories.line(tax="disabled")])
    assert _body(client, owner, vat.pk)["tax_visible?"] is True
    assert _body(client, owner, bill.pk)["tax_visible?"] is False


def test_calculating_strategy_is_an_object_with_its_defaults(client, owner):
    plain = factories.invoice(owner)
    chosen = factories.invoice(owner, calculating_strategy={"sum": "keep_gross"})
    assert _body(client, owner, plain.pk)["calculating_strategy"] == {
        "position": "default",
        "sum": "sum",
        "invoice_form_price_kind": "net",
    }
    assert _body(client, owner, chosen.pk)["calculating_strategy"] == {
        "position": "default",
        "sum": "keep_gross",
        "invoice_form_price_kind": "net",
    }


def test_the_counter_is_shown_under_its_patterns_reset(client, owner):
    monthly = factories.numbered_invoice(owner)
    yearly = factories.numbered_invoice(owner, kind="proforma", pattern="P/nr/yyyy")
    daily = factories.numbered_invoice(owner, kind="receipt", pattern="PAR nr-d/dd/mm/yyyy")
    by_hand = factories.invoice(owner, number="A/1")

    def counters(invoice):
        body = _body(client, owner, invoice.pk)
        return body["pattern_nr"], body["pattern_nr_m"], body["pattern_nr_d"]

    assert counters(monthly) == (None, 1, None)
    assert counters(yearly) == (1, None, None)
    assert counters(daily) == (None, None, 1)
    assert counters(by_hand) == (None, None, None)
    assert _body(client, owner, monthly.pk)["number"] == monthly.number


def test_bank_accounts_are_shown_as_the_bank_accounts_document_shows_them(client, owner):
    catalog = BankAccount.objects.create(
        account=owner.account,
        name="Rachunek główny",
        bank_name="ING Bank Śląski",
        bank_account_number="PL61 1090 1014 0000 0712 1981 2874",
        number_normalized="PL61109010140000071219812874",
    )
    invoice = factories.invoice(owner)
    InvoiceBankAccount.objects.create(
        account=owner.account,
        invoice=invoice,
        bank_account=catalog,
        name="Rachunek główny",
        bank_name="ING Bank Śląski",
        bank_account_number="PL61 1090 1014 0000 0712 1981 2874",
        bank_currency="PLN",
    )
    assert _body(client, owner, invoice.pk)["bank_accounts"] == [
        {
            "id": catalog.pk,
            "name": "Rachunek główny",
            "bank_name": "ING Bank Śląski",
            "bank_account_number": "PL61 1090 1014 0000 0712 1981 2874",
            "bank_currency": "PLN",
            "bank_swift": None,
            "account_description": None,
            "own_bank_account": False,
            "own_bank_account_type": None,
            "factor_bank_account": False,
        }
    ]


def test_descriptions_are_shown_only_with_include_descriptions(client, owner):
    invoice = factories.invoice(owner, description="Treść pierwszej uwagi")
    first = InvoiceDescription.objects.create(
        account=owner.account,
        invoice=invoice,
        kind="Uwaga",
        content="Treść pierwszej uwagi",
        row_number=1,
    )
    second = InvoiceDescription.objects.create(
        account=owner.account,
        invoice=invoice,
        kind="Informacja dodatkowa",
        content="Treść drugiej uwagi",
        position_index=1,
        row_number=2,
    )
    assert "descriptions" not in _body(client, owner, invoice.pk)
    body = _body(client, owner, invoice.pk, include="descriptions")
    assert body["description"] == "Treść pierwszej uwagi"
    assert body["descriptions"] == [
        {
            "id": first.pk,
            "kind": "Uwaga",
            "content": "Treść pierwszej uwagi",
            "position_index": None,
            "row_number": 1,
        },
        {
            "id": second.pk,
            "kind": "Informacja dodatkowa",
            "content": "Treść drugiej uwagi",
            "position_index": 1,
            "row_number": 2,
        },
    ]


def test_include_descriptions_of_an_invoice_without_notes_is_an_empty_list(client, owner):
    invoice = factories.invoice(owner)
    assert _body(client, owner, invoice.pk, include="descriptions")["descriptions"] == []


def test_an_unknown_include_is_a_400(client, owner):
    response = _show(client, owner, factories.invoice(owner).pk, include="payments")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invalid parameter include: must be one of: descriptions, positions; got 'payments'"
    )


def test_settlement_positions_appear_only_when_the_invoice_has_some(client, owner):
    without = factories.invoice(owner)
    invoice = factories.invoice(owner)
    charge = SettlementPosition.objects.create(
        account=owner.account,
        invoice=invoice,
        kind="charge",
        amount=Decimal("100"),
        reason="Koszty transportu",
    )
    deduction = SettlementPosition.objects.create(
        account=owner.account,
        invoice=invoice,
        kind="deduction",
        amount=Decimal("50"),
        reason="Rabat za wcześniejszą zapłatę",
    )
    assert "settlement_positions" not in _body(client, owner, without.pk)
    assert _body(client, owner, invoice.pk)["settlement_positions"] == [
        {"id": charge.pk, "kind": "charge", "amount": "100.00", "reason": "Koszty transportu"},
        {
            "id": deduction.pk,
            "kind": "deduction",
            "amount": "50.00",
            "reason": "Rabat za wcześniejszą zapłatę",
        },
    ]


def test_additional_fields_add_the_cancel_reason_and_corrected_contents(client, owner):
    invoice = factories.invoice(
        owner,
        kind="canceled",
        cancelled=True,
        cancel_reason="Pomyłka w nazwie",
        corrected_content_before="Stara nazwa",
        corrected_content_after="Nowa nazwa",
    )
    plain = _body(client, owner, invoice.pk)
    for key in ("cancel_reason", "corrected_content_before", "corrected_content_after"):
        assert key not in plain
    body = _body(
        client,
        owner,
        invoice.pk,
        **{
            "additional_fields[invoice]": (
                "cancel_reason,corrected_content_before,corrected_content_after"
            )
        },
    )
    assert (body["kind"], body["cancelled"]) == ("canceled", True)
    assert (
        body["cancel_reason"],
        body["corrected_content_before"],
        body["corrected_content_after"],
    ) == ("Pomyłka w nazwie", "Stara nazwa", "Nowa nazwa")
    assert "connected_payments" not in body


def test_connected_payments_is_an_empty_list_until_payments_exist(client, owner):
    invoice = factories.invoice(owner)
    body = _body(client, owner, invoice.pk, **{"additional_fields[invoice]": "connected_payments"})
    assert body["connected_payments"] == []


def test_an_unknown_additional_field_is_a_400_listing_the_known_ones(client, owner):
    invoice = factories.invoice(owner)
    response = _show(client, owner, invoice.pk, **{"additional_fields[invoice]": "reminders_info"})
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invalid parameter additional_fields[invoice]: must be one of: cancel_reason, "
        "corrected_content_before, corrected_content_after, connected_payments; "
        "got 'reminders_info'"
    )


def test_additional_fields_without_the_invoice_key_is_a_400(client, owner):
    invoice = factories.invoice(owner)
    response = _show(client, owner, invoice.pk, additional_fields="cancel_reason")
    assert response.status_code == 400
    assert response.json()["message"].startswith(
        "Invalid parameter additional_fields: must be given as additional_fields[invoice]="
    )


def test_correction_positions_carry_their_kind(client, owner):
    invoice = factories.invoice(
        owner,
        kind="correction",
        lines=[
            factories.line("Przed", kind=InvoicePosition.Kind.CORRECTION_BEFORE),
            factories.line("Po", kind=InvoicePosition.Kind.CORRECTION_AFTER),
        ],
    )
    positions = _body(client, owner, invoice.pk)["positions"]
    # In the model's order (`InvoicePosition.Meta.ordering`: by kind, then order).
    assert sorted((p["name"], p["kind"]) for p in positions) == [
        ("Po", "correction_after"),
        ("Przed", "correction_before"),
    ]


def test_an_invoice_as_xml_mirrors_the_json(client, owner):
    invoice = factories.invoice(owner, number="1/11/2026")
    response = _show(client, owner, invoice.pk, fmt="xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    text = response.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<invoice>')
    assert f'<id type="integer">{invoice.pk}</id>' in text
    assert "<number>1/11/2026</number>" in text
    assert "<price_gross>123.00</price_gross>" in text
    assert '<income type="boolean">true</income>' in text
    assert '<app nil="true"/>' in text
    assert '<overdue_ type="boolean">false</overdue_>' in text
    assert '<positions type="array">' in text
    assert "<quantity>1.0</quantity>" in text


def test_another_accounts_invoice_is_not_found(client, owner, other_owner):
    foreign = factories.invoice(other_owner, buyer_name="Obcy")
    response = _show(client, owner, foreign.pk)
    assert response.status_code == 404
    assert response.json() == {
        "code": "error",
        "message": "Not found",
        "status": 404,
        "error": "Not Found",
    }
    assert "Obcy" not in response.content.decode()


def test_a_missing_invoice_or_an_impossible_id_is_not_found(client, owner):
    assert _show(client, owner, 999_999).status_code == 404
    assert _show(client, owner, 2**64).status_code == 404


def test_the_fast_output_equals_ninjas_validation_of_the_same_invoice(owner):
    catalog = BankAccount.objects.create(
        account=owner.account,
        bank_account_number="DE89 3704 0044 0532 0130 00",
        number_normalized="DE89370400440532013000",
    )
    invoice = factories.numbered_invoice(
        owner,
        sell_date=dt.date(2026, 2, 1),
        sell_date_kind="month",
        cancel_reason="Powód",
        calculating_strategy={"position": "keep_gross"},
        lines=[factories.line("A", quantity="0.125", discount_percent=Decimal("12.5"))],
    )
    InvoiceBankAccount.objects.create(
        account=owner.account, invoice=invoice, bank_account=catalog, bank_account_number="DE89"
    )
    SettlementPosition.objects.create(
        account=owner.account, invoice=invoice, kind="charge", amount=Decimal("1.5"), reason="X"
    )
    InvoiceDescription.objects.create(account=owner.account, invoice=invoice, content="Uwaga")
    include = selectors.Include(
        descriptions=True, additional_fields=frozenset(selectors.ADDITIONAL_FIELDS)
    )
    loaded = selectors.invoice_detail(account=owner.account, id=invoice.pk, include=include)
    context = {"request": RequestFactory().get("/")}
    validated = InvoiceOut.model_validate(loaded, context=context).model_dump(mode="json")
    assert invoice_out(loaded).model_dump(mode="json") == validated
    # The views' direct dump: the same keys in the same order, the same JSON.
    dumped = invoice_data(loaded)
    assert list(dumped) == list(validated)
    assert json.dumps(dumped, cls=NinjaJSONEncoder) == json.dumps(validated)
    assert validated["positions"][0]["discount_percent"] == "12.5"
    assert validated["positions"][0]["quantity"] == "0.125"
    assert validated["cancel_reason"] == "Powód"


def test_an_invoice_fresh_from_the_database_renders_with_its_positions(owner):
    invoice = factories.invoice(owner, lines=[factories.line("A"), factories.line("B")])
    fresh = Invoice.objects.select_related("account").get(pk=invoice.pk)
    body = invoice_out(fresh).model_dump(mode="json")
    assert [position["name"] for position in body["positions"]] == ["A", "B"]
    assert body["bank_accounts"] == []
    assert "descriptions" not in body
