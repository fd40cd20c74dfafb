"""GET /invoices.json: a bare array, filtered, ordered and paged as the reference says."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faktura.catalog.models import Client
from faktura.invoicing.models import Invoice, InvoiceDescription
from faktura.invoicing.tests import factories_invoices as factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(owner):
    owner.account.lang = "en"
    owner.account.save(update_fields=["lang"])


def _list(client, owner, **params):
    query = urlencode({"api_token": owner.api_token, **params}, doseq=True)
    return client.get(f"/invoices.json?{query}")


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [invoice["id"] for invoice in response.json()]


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def test_the_list_is_a_bare_array_of_the_accounts_own_sales_newest_first(
    client, owner, other_owner
):
    older = factories.invoice(owner, issue_date=_days_ago(10))
    newest = factories.invoice(owner, issue_date=_days_ago(1))
    middle = factories.invoice(owner, issue_date=_days_ago(5))
    factories.invoice(owner, income=False, issue_date=_days_ago(2))
    factories.invoice(other_owner, issue_date=_days_ago(1))
    response = _list(client, owner)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert _ids(response) == [newest.pk, middle.pk, older.pk]


def test_an_account_without_invoices_gets_an_empty_array(client, owner, other_owner):
    factories.invoice(other_owner)
    response = _list(client, owner)
    assert response.status_code == 200
    assert response.json() == []


def test_positions_are_left_out_unless_include_positions_is_true(client, owner):
    factories.invoice(owner)
    plain = _list(client, owner).json()[0]
    explicit_false = _list(client, owner, include_positions="false").json()[0]
    assert "positions" not in plain
    assert "positions" not in explicit_false
    assert plain["price_gross"] == "123.00"


def test_include_positions_true_adds_every_invoices_positions_in_order(client, owner):
    first = factories.invoice(
        owner,
        issue_date=_days_ago(2),
        lines=[factories.line("Kawa", quantity="2", price_net="10.00", tax="8")],
    )
    second = factories.invoice(
        owner,
        issue_date=_days_ago(1),
        lines=[factories.line("Książka", price_net="40.00", tax="5"), factories.line("Wysyłka")],
    )
    body = _list(client, owner, include_positions="true").json()
    assert [invoice["id"] for invoice in body] == [second.pk, first.pk]
    assert [(p["name"], p["invoice_id"]) for p in body[0]["positions"]] == [
        ("Książka", second.pk),
        ("Wysyłka", second.pk),
    ]
    # 2 × 10.00 net at 8%: 20.00 net, 1.60 tax, 21.60 gross.
    (coffee,) = body[1]["positions"]
    assert {key: coffee[key] for key in ("quantity", "tax", "total_price_net")} == {
        "quantity": "2.0",
        "tax": "8",
        "total_price_net": "20.00",
    }
    assert (coffee["total_price_tax"], coffee["total_price_gross"]) == ("1.60", "21.60")


def test_include_positions_that_is_not_a_boolean_is_a_400(client, owner):
    response = _list(client, owner, include_positions="sometimes")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid parameter include_positions")


def test_by_default_only_the_last_12_months_are_listed(client, owner):
    recent = factories.invoice(owner, issue_date=_days_ago(300))
    factories.invoice(owner, issue_date=_days_ago(400))
    assert _ids(_list(client, owner)) == [recent.pk]


def test_period_all_lists_every_date(client, owner):
    recent = factories.invoice(owner, issue_date=_days_ago(300))
    old = factories.invoice(owner, issue_date=_days_ago(400))
    assert _ids(_list(client, owner, period="all")) == [recent.pk, old.pk]


def test_period_more_takes_date_from_and_date_to_inclusive(client, owner):
    day = dt.date(2024, 3, 10)
    inside = [factories.invoice(owner, issue_date=day + dt.timedelta(days=n)) for n in (0, 2)]
    factories.invoice(owner, issue_date=day - dt.timedelta(days=1))
    factories.invoice(owner, issue_date=day + dt.timedelta(days=3))
    response = _list(client, owner, period="more", date_from="2024-03-10", date_to="2024-03-12")
    assert _ids(response) == [inside[1].pk, inside[0].pk]


def test_period_more_without_dates_is_a_400(client, owner):
    response = _list(client, owner, period="more")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invalid parameter date_from: is required when period=more (format YYYY-MM-DD)"
    )


def test_search_date_type_paid_date_picks_the_period_by_payment_date(client, owner):
    paid_now = factories.invoice(owner, issue_date=_days_ago(500), paid_date=_days_ago(3))
    factories.invoice(owner, issue_date=_days_ago(3))  # unpaid: no payment date
    factories.invoice(owner, issue_date=_days_ago(3), paid_date=_days_ago(400))
    response = _list(client, owner, search_date_type="paid_date")
    assert _ids(response) == [paid_now.pk]


def test_search_date_type_transaction_date_picks_the_period_by_that_date(client, owner):
    day = dt.date(2024, 5, 20)
    matching = factories.invoice(owner, issue_date=day, transaction_date=dt.date(2024, 6, 1))
    factories.invoice(owner, issue_date=dt.date(2024, 6, 1), transaction_date=day)
    response = _list(
        client,
        owner,
        search_date_type="transaction_date",
        period="more",
        date_from="2024-06-01",
        date_to="2024-06-30",
    )
    assert _ids(response) == [matching.pk]


def test_an_unknown_search_date_type_is_a_400_listing_the_allowed_ones(client, owner):
    response = _list(client, owner, search_date_type="sell_date")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invalid parameter search_date_type: must be one of: issue_date, paid_date, "
        "transaction_date; got 'sell_date'"
    )


def test_client_id_lists_that_clients_invoices(client, owner):
    buyer = Client.objects.create(account=owner.account, name="Kupiec")
    other = Client.objects.create(account=owner.account, name="Inny")
    theirs = factories.invoice(owner, client=buyer)
    factories.invoice(owner, client=other)
    factories.invoice(owner)
    assert _ids(_list(client, owner, client_id=buyer.pk)) == [theirs.pk]


def test_client_id_of_another_account_or_beyond_any_row_lists_nothing(client, owner, other_owner):
    stranger = Client.objects.create(account=other_owner.account, name="Obcy")
    factories.invoice(other_owner, client=stranger)
    assert _ids(_list(client, owner, client_id=stranger.pk)) == []
    assert _ids(_list(client, owner, client_id=2**64)) == []


def test_client_id_that_is_not_a_number_is_a_400(client, owner):
    response = _list(client, owner, client_id="abc")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid parameter client_id")


def test_number_finds_exactly_that_invoice_whatever_its_date(client, owner):
    wanted = factories.invoice(owner, number="7/01/2020", issue_date=dt.date(2020, 1, 15))
    factories.invoice(owner, number="17/01/2020", issue_date=dt.date(2020, 1, 16))
    factories.invoice(owner, number="7/01/20201")
    assert _ids(_list(client, owner, number="7/01/2020")) == [wanted.pk]


def test_number_with_an_explicit_period_keeps_that_period(client, owner):
    factories.invoice(owner, number="7/01/2020", issue_date=dt.date(2020, 1, 15))
    assert _ids(_list(client, owner, number="7/01/2020", period="this_year")) == []


def test_oid_matches_the_whole_order_id_only(client, owner):
    order = factories.invoice(owner, oid="10", issue_date=dt.date(2021, 2, 2))
    factories.invoice(owner, oid="100")
    factories.invoice(owner, oid="A10")
    assert _ids(_list(client, owner, oid="10")) == [order.pk]


def test_kind_keeps_one_kind_of_document(client, owner):
    note = factories.invoice(owner, kind="accounting_note")
    factories.invoice(owner, kind="vat")
    assert _ids(_list(client, owner, kind="accounting_note")) == [note.pk]


def test_kinds_keeps_any_of_the_kinds_given_as_brackets_or_commas(client, owner):
    vat = factories.invoice(owner, kind="vat", issue_date=_days_ago(3))
    proforma = factories.invoice(owner, kind="proforma", issue_date=_days_ago(2))
    factories.invoice(owner, kind="receipt", issue_date=_days_ago(1))
    assert _ids(_list(client, owner, **{"kinds[]": ["vat", "proforma"]})) == [proforma.pk, vat.pk]
    assert _ids(_list(client, owner, kinds="vat,proforma")) == [proforma.pk, vat.pk]


def test_kind_and_kinds_together_must_both_match(client, owner):
    vat = factories.invoice(owner, kind="vat")
    factories.invoice(owner, kind="proforma")
    assert _ids(_list(client, owner, kind="vat", **{"kinds[]": ["vat", "proforma"]})) == [vat.pk]
    assert _ids(_list(client, owner, kind="receipt", **{"kinds[]": ["vat"]})) == []


def test_an_unknown_kind_is_a_400_listing_the_allowed_kinds(client, owner):
    response = _list(client, owner, kind="invoice")
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith("Invalid parameter kind: must be one of: vat, proforma, bill, ")
    assert message.endswith(", export_products, canceled; got 'invoice'")


def test_an_unknown_kind_among_kinds_is_a_400_naming_kinds(client, owner):
    response = _list(client, owner, **{"kinds[]": ["vat", "faktura"]})
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid parameter kinds: must be one of: vat,")


@pytest.mark.parametrize("value", ["no", "0", "false", "NO"])
def test_income_no_lists_expense_documents(client, owner, value):
    expense = factories.invoice(owner, income=False, seller_name="Dostawca")
    factories.invoice(owner)
    assert _ids(_list(client, owner, income=value)) == [expense.pk]


@pytest.mark.parametrize("value", ["yes", "1", "true"])
def test_income_yes_lists_sales_documents_like_the_default(client, owner, value):
    sale = factories.invoice(owner)
    factories.invoice(owner, income=False)
    assert _ids(_list(client, owner, income=value)) == [sale.pk]


def test_income_all_lists_sales_and_expenses(client, owner):
    sale = factories.invoice(owner, issue_date=_days_ago(1))
    expense = factories.invoice(owner, income=False, issue_date=_days_ago(2))
    assert _ids(_list(client, owner, income="all")) == [sale.pk, expense.pk]


def test_income_of_another_value_is_a_400(client, owner):
    response = _list(client, owner, income="maybe")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invalid parameter income: must be one of: yes, no, 1, 0, true, false, all; got 'maybe'"
    )


def test_invoice_ids_lists_those_invoices_given_with_commas_or_brackets(client, owner, other_owner):
    first = factories.invoice(owner, issue_date=dt.date(2019, 1, 1))
    second = factories.invoice(owner, issue_date=_days_ago(1))
    factories.invoice(owner)
    foreign = factories.invoice(other_owner)
    ids = f"{first.pk},{second.pk},{foreign.pk}"
    assert _ids(_list(client, owner, invoice_ids=ids)) == [second.pk, first.pk]
    brackets = {"invoice_ids[]": [first.pk, second.pk]}
    assert _ids(_list(client, owner, **brackets)) == [second.pk, first.pk]


def test_invoice_ids_that_are_not_numbers_are_a_400(client, owner):
    response = _list(client, owner, invoice_ids="1,x")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invalid parameter invoice_ids: must be invoice ids (whole numbers) separated by "
        "commas: 12,34"
    )


def test_invoice_ids_beyond_any_row_find_nothing(client, owner):
    factories.invoice(owner)
    assert _ids(_list(client, owner, invoice_ids=str(2**70))) == []


def test_invoice_id_and_from_invoice_id_list_the_linked_documents(client, owner):
    order = factories.invoice(owner, kind="estimate")
    advance = factories.invoice(owner, kind="advance", invoice=order)
    proforma = factories.invoice(owner, kind="proforma")
    vat = factories.invoice(owner, kind="vat", from_invoice=proforma)
    assert _ids(_list(client, owner, invoice_id=order.pk)) == [advance.pk]
    assert _ids(_list(client, owner, from_invoice_id=proforma.pk)) == [vat.pk]


def test_status_keeps_the_invoices_with_that_status(client, owner):
    paid = factories.invoice(owner, status="paid")
    factories.invoice(owner, status="issued")
    assert _ids(_list(client, owner, status="paid")) == [paid.pk]


def test_an_unknown_status_is_a_400_listing_the_statuses(client, owner):
    response = _list(client, owner, status="done")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Invalid parameter status: must be one of: issued, sent, paid, partial, rejected; "
        "got 'done'"
    )


def test_order_by_a_reference_field_ascending_or_descending(client, owner):
    small = factories.invoice(owner, lines=[factories.line(price_net="10.00")])
    large = factories.invoice(owner, lines=[factories.line(price_net="900.00")])
    middle = factories.invoice(owner, lines=[factories.line(price_net="50.00")])
    assert _ids(_list(client, owner, order="price_gross")) == [small.pk, middle.pk, large.pk]
    assert _ids(_list(client, owner, order="price_gross.desc")) == [large.pk, middle.pk, small.pk]


def test_equal_values_are_ordered_by_id(client, owner):
    invoices = [factories.invoice(owner, buyer_name="Ten sam") for _ in range(3)]
    ids = [invoice.pk for invoice in invoices]
    assert _ids(_list(client, owner, order="buyer_name")) == ids
    assert _ids(_list(client, owner, order="buyer_name.desc")) == ids[::-1]


@pytest.mark.parametrize(
    "field",
    [
        "number",
        "updated_at",
        "price_net",
        "price_tax",
        "issue_date",
        "payment_to",
        "paid_date",
        "transaction_date",
        "buyer_tax_no",
        "seller_name",
        "oid",
    ],
)
def test_every_order_field_of_the_reference_is_accepted(client, owner, field):
    factories.invoice(owner)
    assert _list(client, owner, order=f"{field}.desc").status_code == 200


def test_an_unknown_order_field_is_a_400(client, owner):
    response = _list(client, owner, order="token")
    assert response.status_code == 400
    assert response.json()["message"].startswith("Invalid parameter order: must be one of: id, ")


def test_pages_follow_each_other_without_gaps_or_repeats(client, owner):
    invoices = factories.many_invoices(owner, 7, lines_each=1)
    pages = [_ids(_list(client, owner, per_page=3, page=page, order="id")) for page in (1, 2, 3, 4)]
    ids = [invoice.pk for invoice in invoices]
    assert pages == [ids[:3], ids[3:6], ids[6:], []]


def test_the_list_as_xml_is_an_array_of_invoice_elements(client, owner):
    invoice = factories.invoice(owner, number="5/11/2026")
    query = urlencode({"api_token": owner.api_token, "include_positions": "true"})
    response = client.get(f"/invoices.xml?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    text = response.content.decode()
    assert '<invoices type="array">' in text
    assert f'<id type="integer">{invoice.pk}</id>' in text
    assert "<number>5/11/2026</number>" in text
    assert '<positions type="array">' in text
    assert "<position>" in text
    assert "<overdue_ type=" in text


def test_descriptions_and_additional_fields_work_on_the_list_too(client, owner):
    invoice = factories.invoice(owner, cancel_reason="Pomyłka", description="Uwaga")
    InvoiceDescription.objects.create(
        account=owner.account, invoice=invoice, kind="Uwaga", content="Uwaga", row_number=1
    )
    body = _list(
        client,
        owner,
        include="descriptions",
        **{"additional_fields[invoice]": "cancel_reason"},
    ).json()[0]
    assert [d["content"] for d in body["descriptions"]] == ["Uwaga"]
    assert body["cancel_reason"] == "Pomyłka"
    assert "corrected_content_before" not in body


def test_only_the_accounts_invoices_are_ever_listed(client, owner, other_owner):
    foreign = factories.invoice(other_owner)
    mine = factories.invoice(owner)
    for params in ({}, {"invoice_ids": str(foreign.pk)}, {"income": "all", "period": "all"}):
        assert foreign.pk not in _ids(_list(client, owner, **params))
    assert Invoice.objects.filter(pk=mine.pk).exists()


query_keys = st.sampled_from(
    [
        "kind",
        "kinds[]",
        "kinds",
        "income",
        "invoice_ids",
        "invoice_ids[]",
        "client_id",
        "order",
        "period",
        "date_from",
        "search_date_type",
        "status",
        "include",
        "include_positions",
        "additional_fields[invoice]",
        "additional_fields",
        "page",
        "per_page",
    ]
) | st.text(alphabet="abik[]_0", min_size=1, max_size=12)
query_values = st.sampled_from(["vat", "all", "no", "1", "-1", "", "x,y", str(2**70)]) | st.text(
    max_size=8
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=st.lists(st.tuples(query_keys, query_values), max_size=5))
def test_no_query_makes_the_list_fail_with_a_5xx(client, owner, pairs):
    query = urlencode([("api_token", owner.api_token), *pairs])
    response = client.get(f"/invoices.json?{query}")
    assert response.status_code in (200, 400), response.content


def test_an_empty_invoice_ids_is_no_filter(client, owner):
    invoice = factories.invoice(owner)
    assert _ids(_list(client, owner, invoice_ids="")) == [invoice.pk]


def test_invoice_ids_of_thousands_of_digits_find_nothing(client, owner):
    factories.invoice(owner)
    assert _ids(_list(client, owner, invoice_ids="9" * 5000)) == []
