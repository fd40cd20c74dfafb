"""The panel's invoice list: periods, kind, status, client, text search, sales and
expenses, pages of 25 swapped in place by htmx, department limits, a fixed number of
queries."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from faktura.catalog.models import Client
from faktura.invoicing.tests import factories_invoices
from faktura.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(owner, signed_in):
    return signed_in(owner.user.login)


def _listed(response) -> set[int]:
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'href="/invoices/(\d+)"', response.content.decode())}


def _invoice(owner, **fields):
    return factories_invoices.numbered_invoice(owner, **fields)


def test_the_periods_pick_by_issue_date(browser, owner):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    now = _invoice(owner, issue_date=today)
    before = _invoice(owner, issue_date=last_month)
    old = _invoice(owner, issue_date=today.replace(year=today.year - 2, day=1))

    assert _listed(browser.get("/invoices/?period=this_month")) == {now.pk}
    assert _listed(browser.get("/invoices/?period=last_month")) == {before.pk}
    this_year = {now.pk} | ({before.pk} if last_month.year == today.year else set())
    assert _listed(browser.get("/invoices/?period=this_year")) == this_year
    assert _listed(browser.get("/invoices/?period=all")) == {now.pk, before.pk, old.pk}
    assert _listed(browser.get("/invoices/")) == {now.pk, before.pk, old.pk}


def test_a_custom_period_takes_both_ends(browser, owner):
    first = _invoice(owner, issue_date=dt.date(2024, 3, 1))
    last = _invoice(owner, issue_date=dt.date(2024, 3, 31))
    later = _invoice(owner, issue_date=dt.date(2024, 4, 1))
    earlier = _invoice(owner, issue_date=dt.date(2024, 2, 29))

    march = "/invoices/?period=custom&date_from=2024-03-01&date_to=2024-03-31"
    assert _listed(browser.get(march)) == {first.pk, last.pk}
    # Dates typed without choosing the span mean it; one end alone bounds one side.
    assert _listed(browser.get("/invoices/?date_from=2024-03-31&date_to=2024-03-31")) == {last.pk}
    assert _listed(browser.get("/invoices/?date_to=2024-03-01")) == {earlier.pk, first.pk}
    assert _listed(browser.get("/invoices/?date_from=2024-03-31")) == {last.pk, later.pk}
    # A span named by itself wins over the dates.
    assert _listed(browser.get("/invoices/?period=last_month&date_from=2024-03-31")) == set()


def test_a_malformed_date_is_named_and_left_out(browser, owner):
    invoice = _invoice(owner, issue_date=dt.date(2024, 3, 1))
    response = browser.get("/invoices/?period=custom&date_from=1.03.2024")
    assert response.status_code == 200
    assert "<li>Od: podaj datę jako RRRR-MM-DD</li>" in response.content.decode()
    assert _listed(response) == {invoice.pk}
    backwards = browser.get("/invoices/?date_from=2024-03-02&date_to=2024-03-01")
    assert "<li>Do: okres kończy się, zanim się zaczyna</li>" in backwards.content.decode()


def test_kind_status_and_overdue(browser, owner):
    today = timezone.localdate()
    issued = _invoice(owner)
    sent = _invoice(owner, status="sent")
    paid = _invoice(owner, status="paid", paid=Decimal("123.00"), payment_to=today)
    partial = _invoice(owner, status="partial", paid=Decimal("10.00"))
    rejected = _invoice(owner, status="rejected")
    proforma = _invoice(owner, kind="proforma")
    late = _invoice(owner, payment_to=today - dt.timedelta(days=1))
    _invoice(owner, status="paid", paid=Decimal("123.00"), payment_to=today - dt.timedelta(days=3))
    _invoice(owner, payment_to=today - dt.timedelta(days=1), cancelled=True)

    assert _listed(browser.get("/invoices/?kind=proforma")) == {proforma.pk}
    assert _listed(browser.get("/invoices/?status=sent")) == {sent.pk}
    assert paid.pk in _listed(browser.get("/invoices/?status=paid"))
    assert _listed(browser.get("/invoices/?status=partial")) == {partial.pk}
    assert _listed(browser.get("/invoices/?status=rejected")) == {rejected.pk}
    assert issued.pk in _listed(browser.get("/invoices/?status=issued"))
    assert _listed(browser.get("/invoices/?status=overdue")) == {late.pk}
    # Values outside a filter's set are ignored, not errors.
    assert len(_listed(browser.get("/invoices/?status=lost&kind=nope"))) == 9


def test_the_overdue_term_is_marked_in_the_row(browser, owner):
    today = timezone.localdate()
    _invoice(owner, buyer_name="Spóźniony SA", payment_to=today - dt.timedelta(days=2))
    html = browser.get("/invoices/").content.decode()
    late = (today - dt.timedelta(days=2)).isoformat()
    assert f'class="overdue">{late} (po terminie)</td>' in html


def test_the_client_filter(browser, owner, other_owner):
    client = Client.objects.create(account=owner.account, name="Stały Klient")
    foreign = Client.objects.create(account=other_owner.account, name="Obcy")
    theirs = _invoice(owner, client=client)
    _invoice(owner)
    assert _listed(browser.get(f"/invoices/?client={client.pk}")) == {theirs.pk}
    assert _listed(browser.get(f"/invoices/?client={foreign.pk}")) == set()
    page = browser.get("/invoices/").content.decode()
    assert f'<option value="{client.pk}" >Stały Klient</option>' in page
    assert "Obcy" not in page
    assert len(_listed(browser.get("/invoices/?client=99999999999999999999999"))) == 2


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("FV-SZUKAJ", True),
        ("szukaj", True),
        ("Znajdź Mnie", True),
        ("znajdź", True),
        ("9999999999", True),
        ("ZAM-77", True),
        ("ZAM-7", False),  # the order id is matched whole
        ("nic-takiego", False),
    ],
)
def test_the_search_reads_number_buyer_tax_number_and_order_id(browser, owner, query, found):
    target = _invoice(owner, buyer_name="Znajdź Mnie sp. j.", buyer_tax_no="9999999999")
    target.number = "FV-SZUKAJ/1"
    target.oid = "ZAM-77"
    target.save(update_fields=["number", "oid"])
    _invoice(owner, buyer_name="Ktoś Inny")
    listed = _listed(browser.get("/invoices/", {"q": query}))
    assert listed == ({target.pk} if found else set())


def test_sales_and_expenses_are_separate_tabs(browser, owner):
    sale = _invoice(owner)
    cost = _invoice(owner, income=False, seller_name="Dostawca Prądu SA")
    assert _listed(browser.get("/invoices/")) == {sale.pk}
    expenses = browser.get("/invoices/?income=no")
    assert _listed(expenses) == {cost.pk}
    html = expenses.content.decode()
    assert "Dostawca Prądu SA" in html
    assert '<a href="/invoices/?income=no" aria-current="page">Wydatki</a>' in html
    assert '<input type="hidden" name="income" value="no">' in html


def test_pages_of_25_come_as_fragments_that_keep_the_filters(browser, owner):
    factories_invoices.many_invoices(owner, 30, issue_date=dt.date(2024, 5, 1))
    first = browser.get("/invoices/?kind=vat")
    assert len(_listed(first)) == 25
    assert "Strona 1 z 2" in first.content.decode()
    fragment = browser.get("/invoices/?kind=vat&page=2", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert len(_listed(fragment)) == 5
    assert 'hx-get="?kind=vat&amp;page=1"' in html
    assert _listed(first).isdisjoint(_listed(fragment))
    # Going back to a page htmx no longer holds, it asks for the whole page.
    restored = browser.get(
        "/invoices/?kind=vat&page=2", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restored.content.decode()
    assert len(_listed(restored)) == 5
    # Newest first, the id breaking ties among one day's invoices.
    ids = [int(pk) for pk in re.findall(r'href="/invoices/(\d+)"', first.content.decode())]
    assert ids == sorted(ids, reverse=True)


def test_the_list_page_and_fragment_run_a_fixed_number_of_queries(
    browser, owner, django_assert_num_queries
):
    factories_invoices.many_invoices(owner, 60)
    # Session, user, membership, its departments; the count, the clients offered, the rows.
    with django_assert_num_queries(7):
        assert len(_listed(browser.get("/invoices/"))) == 25
    # The fragment offers no clients.
    with django_assert_num_queries(6):
        assert len(_listed(browser.get("/invoices/?page=3", HTTP_HX_REQUEST="true"))) == 10


def test_a_member_limited_to_a_department_lists_its_documents_only(owner, signed_in):
    north = factories.department(owner, "Północ")
    south = factories.department(owner, "Południe")
    theirs = _invoice(owner, department_id=north.pk)
    _invoice(owner, department_id=south.pk)
    member = factories.member(owner, role="member")
    member.departments.add(north)
    assert _listed(signed_in(member.user.email).get("/invoices/")) == {theirs.pk}


def test_another_accounts_invoices_are_never_listed(browser, owner, other_owner):
    mine = _invoice(owner, buyer_name="Wspólna Nazwa")
    _invoice(other_owner, buyer_name="Wspólna Nazwa")
    assert _listed(browser.get("/invoices/?q=Wspólna")) == {mine.pk}
