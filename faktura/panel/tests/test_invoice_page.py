"""An invoice's page in the panel and its actions: the preview and amounts, the PDF per
print option, sending by e-mail to a real SMTP server, payments, status, cancel, delete,
copies into other kinds, the history; other accounts' invoices are not found and
accountants change nothing."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from faktura.delivery.models import OutgoingEmail
from faktura.events.models import Delivery, Webhook
from faktura.invoicing.models import Invoice
from faktura.invoicing.tests import factories_invoices
from faktura.payments.models import Payment
from faktura.tests import factories

pytestmark = pytest.mark.django_db

ACTIONS = ("send", "pay", "status", "cancel", "delete", "copy", "edit", "correction")


@pytest.fixture
def browser(owner, signed_in):
    return signed_in(owner.user.login)


@pytest.fixture
def invoice(owner):
    """A VAT invoice: 100.00 net at 23%, 123.00 gross, due in 7 days."""
    return factories_invoices.numbered_invoice(owner, buyer_email="kupiec@example.com")


def _text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.replace("\u00a0", " ").split())


def _refused(response, *reasons: str) -> str:
    assert response.status_code == 422, response.status_code
    html = response.content.decode()
    summary = html[html.index('class="error-summary"') :].split("</div>", 1)[0]
    for reason in reasons:
        assert reason in summary, summary
    return html


# --- the page ---------------------------------------------------------------------------


def test_the_page_shows_the_amounts_the_preview_and_the_links(browser, invoice):
    response = browser.get(f"/invoices/{invoice.pk}")
    assert response.status_code == 200
    text = _text(response)
    assert f"Faktura VAT {invoice.number} Wystawiona" in text
    assert "Brutto 123,00 PLN Zapłacono 0,00 PLN Pozostało do zapłaty 123,00 PLN" in text
    # The preview is the buyer's page: parties, the line, the VAT summary, the bank transfer.
    assert "Sprzedawca Acme sp. z o.o." in text
    assert "Nabywca Klient1 sp. z o.o." in text
    assert "1 Usługa 1 100,00 100,00 23% 23,00 123,00" in text
    assert "Razem 100,00 23,00 123,00" in text
    assert "Słownie:" in text
    html = response.content.decode()
    for option in ("original", "copy", "original_and_copy", "duplicate"):
        assert f'href="/invoices/{invoice.pk}/pdf?print_option={option}" download' in html
    assert f'/invoice/{invoice.token}"' in html
    assert f'href="/invoices/{invoice.pk}/correction"' in html
    assert "Jeszcze nie wysłano." in text
    assert "Brak płatności." in text


def test_an_overdue_term_is_marked_in_the_header(browser, owner):
    late = timezone.localdate() - dt.timedelta(days=3)
    invoice = factories_invoices.numbered_invoice(owner, payment_to=late)
    text = _text(browser.get(f"/invoices/{invoice.pk}"))
    assert f"Termin płatności {late.isoformat()} (po terminie)" in text


def test_the_pdf_comes_in_each_print_option_and_a_bad_option_is_400(browser, invoice):
    for option in ("original", "copy", "original_and_copy", "duplicate"):
        response = browser.get(f"/invoices/{invoice.pk}/pdf", {"print_option": option})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert browser.get(f"/invoices/{invoice.pk}/pdf").content.startswith(b"%PDF")
    bad = browser.get(f"/invoices/{invoice.pk}/pdf", {"print_option": "kopia"})
    assert bad.status_code == 400
    assert bad.content.decode() == (
        "print_option musi być jedną z: original, copy, original_and_copy, duplicate."
    )


# --- e-mail ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_invoice_is_e_mailed_with_its_pdf_through_a_real_smtp_server(
    browser, invoice, smtp_server, run_tasks
):
    response = browser.post(
        f"/invoices/{invoice.pk}/send",
        {
            "email_to": "kupiec@example.com, ksiegowa@example.com",
            "email_cc": "szef@example.com",
            "email_pdf": "on",
            "print_option": "copy",
        },
        follow=True,
    )
    assert response.redirect_chain == [(f"/invoices/{invoice.pk}", 302)]
    assert "Faktura jest w drodze do kupiec@example.com, ksiegowa@example.com." in _text(response)
    invoice.refresh_from_db()
    assert invoice.status == "sent"
    run_tasks()
    (received,) = smtp_server.received
    assert sorted(received.rcpt_tos) == [
        "ksiegowa@example.com",
        "kupiec@example.com",
        "szef@example.com",
    ]
    assert invoice.number in received.message["Subject"]
    (pdf,) = [p for p in received.message.walk() if p.get_content_type() == "application/pdf"]
    assert pdf.get_content().startswith(b"%PDF")
    history = _text(browser.get(f"/invoices/{invoice.pk}"))
    assert "kupiec@example.com, ksiegowa@example.com (kopia: szef@example.com): wysłany" in history


@pytest.mark.django_db(transaction=True)
def test_a_refused_e_mail_shows_the_smtp_servers_answer(browser, invoice, smtp_server, run_tasks):
    smtp_server.data_reply = "550 5.1.1 Mailbox unavailable"
    browser.post(f"/invoices/{invoice.pk}/send", {"email_to": "kupiec@example.com"})
    run_tasks()
    email = OutgoingEmail.objects.get(invoice=invoice)
    # Queued again for a later try, the server's answer kept.
    assert (email.status, email.attempts) == ("pending", 1)
    text = _text(browser.get(f"/invoices/{invoice.pk}"))
    assert "→ kupiec@example.com: w kolejce" in text
    assert "(550, b&#x27;5.1.1 Mailbox unavailable&#x27;)" in text


def test_refused_addresses_are_named_on_the_form_and_nothing_is_queued(browser, invoice):
    response = browser.post(
        f"/invoices/{invoice.pk}/send", {"email_to": "nie-adres", "email_cc": "szef@example.com"}
    )
    html = _refused(response, "email_to: &#x27;nie-adres&#x27; nie jest poprawnym adresem e-mail")
    assert 'id="send-to-error">&#x27;nie-adres&#x27; nie jest poprawnym adresem e-mail' in html
    assert 'value="nie-adres"' in html
    assert 'value="szef@example.com"' in html
    six = ", ".join(f"k{n}@example.com" for n in range(6))
    _refused(
        browser.post(f"/invoices/{invoice.pk}/send", {"email_to": six}),
        "email_to: można podać najwyżej 5 adresów, podano 6",
    )
    bad_option = browser.post(
        f"/invoices/{invoice.pk}/send", {"email_to": "a@example.com", "print_option": "kopia"}
    )
    _refused(bad_option, "print_option: must be one of:")
    assert not OutgoingEmail.objects.exists()
    invoice.refresh_from_db()
    assert invoice.status == "issued"


# --- payments -------------------------------------------------------------------------


def test_mark_paid_pays_what_is_left(browser, invoice):
    response = browser.post(f"/invoices/{invoice.pk}/pay", follow=True)
    assert "Płatność została zapisana." in _text(response)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid, invoice.paid_date) == (
        "paid",
        Decimal("123.00"),
        timezone.localdate(),
    )
    payment = Payment.objects.get(account=invoice.account)
    assert (payment.price, payment.currency, payment.paid) == (Decimal("123.00"), "PLN", True)
    assert payment.name == f"Płatność za {invoice.number}"
    text = _text(browser.get(f"/invoices/{invoice.pk}"))
    assert f"123,00 PLN · Płatność za {invoice.number}" in text
    assert "Oznacz jako opłaconą" not in text


def test_a_partial_payment_then_the_rest(browser, invoice):
    browser.post(f"/invoices/{invoice.pk}/pay", {"price": "23,50", "paid_date": "2026-01-15"})
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid, invoice.paid_date) == (
        "partial",
        Decimal("23.50"),
        dt.date(2026, 1, 15),
    )
    assert "Pozostało do zapłaty 99,50 PLN" in _text(browser.get(f"/invoices/{invoice.pk}"))
    browser.post(f"/invoices/{invoice.pk}/pay", {"price": ""})
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid) == ("paid", Decimal("123.00"))
    assert sorted(Payment.objects.values_list("price", flat=True)) == [
        Decimal("23.50"),
        Decimal("99.50"),
    ]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"price": "dużo"}, "price: "),
        ({"price": "0"}, "price: musi być większe od 0"),
        ({"price": "-5"}, "price: musi być większe od 0"),
        ({"price": "10", "paid_date": "2026-02-30"}, "paid_date: podaj datę jako RRRR-MM-DD"),
    ],
)
def test_a_bad_amount_or_date_is_refused_on_the_form(browser, invoice, fields, reason):
    html = _refused(browser.post(f"/invoices/{invoice.pk}/pay", fields), reason)
    assert f'value="{fields["price"]}"' in html
    assert not Payment.objects.exists()
    invoice.refresh_from_db()
    assert invoice.paid == 0


def test_nothing_left_to_pay_is_said(browser, owner):
    paid = factories_invoices.numbered_invoice(owner, status="paid", paid=Decimal("123.00"))
    _refused(browser.post(f"/invoices/{paid.pk}/pay"), "price: nic nie zostało do zapłaty")
    assert not Payment.objects.exists()


# --- status, cancel, delete -----------------------------------------------------------------


def test_the_status_changes_through_the_service(browser, invoice):
    response = browser.post(f"/invoices/{invoice.pk}/status", {"status": "rejected"}, follow=True)
    assert "Status został zmieniony." in _text(response)
    invoice.refresh_from_db()
    assert invoice.status == "rejected"
    _refused(browser.post(f"/invoices/{invoice.pk}/status", {"status": "lost"}), "status: ")
    invoice.refresh_from_db()
    assert invoice.status == "rejected"


def test_cancel_with_a_reason_and_not_twice(browser, invoice):
    response = browser.post(
        f"/invoices/{invoice.pk}/cancel", {"reason": "Pomyłka w nabywcy"}, follow=True
    )
    assert "Faktura została anulowana." in _text(response)
    invoice.refresh_from_db()
    assert (invoice.cancelled, invoice.cancel_reason) == (True, "Pomyłka w nabywcy")
    page = browser.get(f"/invoices/{invoice.pk}").content.decode()
    assert 'class="badge cancelled"' in page
    assert "/send" not in page
    _refused(
        browser.post(f"/invoices/{invoice.pk}/cancel"),
        "cancel_invoice_id: faktura jest już anulowana",
    )


def test_delete_asks_first_then_deletes(browser, invoice):
    confirm = browser.get(f"/invoices/{invoice.pk}/delete")
    assert confirm.status_code == 200
    assert f"Usunąć na zawsze: Faktura VAT {invoice.number} dla Klient1 sp. z o.o.?" in _text(
        confirm
    )
    assert Invoice.objects.filter(pk=invoice.pk).exists()
    response = browser.post(f"/invoices/{invoice.pk}/delete", follow=True)
    assert response.redirect_chain == [("/invoices/", 302)]
    assert f"Faktura {invoice.number} została usunięta." in _text(response)
    assert not Invoice.objects.filter(pk=invoice.pk).exists()


# --- copies ---------------------------------------------------------------------------


def _copy(browser, source: Invoice, **fields):
    return browser.post(f"/invoices/{source.pk}/copy", fields)


def test_a_proforma_becomes_a_vat_invoice(browser, owner):
    proforma = factories_invoices.numbered_invoice(owner, kind="proforma")
    page = browser.get(f"/invoices/{proforma.pk}").content.decode()
    assert "Wystaw: Faktura VAT" in page
    response = _copy(browser, proforma, kind="vat")
    vat = Invoice.objects.get(account=owner.account, kind="vat")
    assert response["Location"] == f"/invoices/{vat.pk}"
    assert vat.from_invoice_id == proforma.pk
    assert (vat.price_gross, vat.buyer_name) == (Decimal("123.00"), "Klient1 sp. z o.o.")
    assert list(vat.positions.values_list("name", "total_price_gross")) == [
        ("Usługa", Decimal("123.00"))
    ]
    assert vat.issue_date == timezone.localdate()
    message = _text(browser.get(response["Location"]))
    assert f"Wystawiono: Faktura VAT {vat.number} na podstawie {proforma.number}." in message


def test_any_document_is_copied_into_its_own_kind(browser, owner, invoice):
    response = _copy(browser, invoice, kind="vat")
    copy = Invoice.objects.exclude(pk=invoice.pk).get(account=owner.account)
    assert response["Location"] == f"/invoices/{copy.pk}"
    assert copy.kind == "vat"
    assert copy.number != invoice.number
    assert copy.price_gross == invoice.price_gross


def test_an_order_gives_an_advance_then_the_final_invoice(browser, owner):
    order = factories_invoices.numbered_invoice(owner, kind="estimate")
    _copy(browser, order, kind="advance", advance_creation_mode="percent", advance_value="10")
    advance = Invoice.objects.get(account=owner.account, kind="advance")
    assert (advance.invoice_id, advance.price_gross) == (order.pk, Decimal("12.30"))

    _copy(browser, order, kind="final")
    final = Invoice.objects.get(account=owner.account, kind="final")
    # The order's 123.00 less the advance's 12.30.
    assert final.price_gross == Decimal("110.70")
    assert list(final.advances.values_list("pk", flat=True)) == [advance.pk]

    # Advance and final invoices belong to their order: they are not copied.
    assert (
        f"/invoices/{advance.pk}/copy"
        not in browser.get(f"/invoices/{advance.pk}").content.decode()
    )
    _refused(_copy(browser, final, kind="final"), "kind: musi być jednym z: —")

    # The advance the final invoice deducts cannot be deleted: the service says why.
    _refused(
        browser.post(f"/invoices/{advance.pk}/delete"),
        f"jest rozliczana fakturą końcową {final.number}: najpierw ją usuń lub anuluj",
    )
    assert Invoice.objects.filter(pk=advance.pk).exists()


def test_refused_copies_say_why_and_make_nothing(browser, owner):
    order = factories_invoices.numbered_invoice(owner, kind="estimate")
    _refused(
        _copy(browser, order, kind="advance", advance_creation_mode="amount"),
        "advance_value: musi być większe od 0",
    )
    _refused(_copy(browser, order, kind="final"), "invoice_ids: ")
    _refused(
        _copy(browser, order, kind="proforma"),
        "kind: musi być jednym z: estimate, advance, final",
    )
    assert Invoice.objects.filter(account=owner.account).count() == 1


# --- history --------------------------------------------------------------------------


def test_webhook_deliveries_about_the_invoice_are_listed(browser, owner, invoice):
    Webhook.objects.create(
        account=owner.account,
        kind="invoice:update",
        url="https://hooks.example.com/faktura",
        secret="whsec_test",
    )
    other = factories_invoices.numbered_invoice(owner)
    browser.post(f"/invoices/{invoice.pk}/status", {"status": "sent"})
    browser.post(f"/invoices/{other.pk}/status", {"status": "sent"})
    assert Delivery.objects.count() == 2
    text = _text(browser.get(f"/invoices/{invoice.pk}"))
    assert "invoice:update → https://hooks.example.com/faktura: oczekuje (Próby: 0)" in text
    assert text.count("hooks.example.com") == 1


# --- who may do what ------------------------------------------------------------------------


def test_another_accounts_invoice_is_not_found_on_any_route(browser, other_owner):
    foreign = factories_invoices.numbered_invoice(other_owner, kind="proforma")
    for path in ("", "/pdf", "/pdf?print_option=copy", "/delete", "/edit", "/correction"):
        assert browser.get(f"/invoices/{foreign.pk}{path}").status_code == 404
    posts = {
        "send": {"email_to": "a@example.com"},
        "pay": {},
        "status": {"status": "rejected"},
        "cancel": {},
        "delete": {},
        "copy": {"kind": "vat"},
        "edit": {"buyer_name": "Przejęty"},
        "correction": {"correction_reason": "Przejęta"},
    }
    for action, fields in posts.items():
        assert browser.post(f"/invoices/{foreign.pk}/{action}", fields).status_code == 404
    foreign.refresh_from_db()
    assert (foreign.status, foreign.cancelled, foreign.paid) == ("issued", False, 0)
    assert Invoice.objects.count() == 1
    assert not OutgoingEmail.objects.exists()
    assert browser.get("/invoices/99999999999999999999999").status_code == 404


def test_a_department_limited_member_does_not_find_other_departments_invoices(owner, signed_in):
    north = factories.department(owner, "Północ")
    south = factories.department(owner, "Południe")
    theirs = factories_invoices.numbered_invoice(owner, department_id=north.pk)
    elsewhere = factories_invoices.numbered_invoice(owner, department_id=south.pk)
    member = factories.member(owner, role="member")
    member.departments.add(north)
    browser = signed_in(member.user.email)
    assert browser.get(f"/invoices/{theirs.pk}").status_code == 200
    assert browser.get(f"/invoices/{elsewhere.pk}").status_code == 404
    assert browser.post(f"/invoices/{elsewhere.pk}/cancel").status_code == 404


def test_an_accountant_reads_but_every_action_is_403(owner, invoice, signed_in):
    accountant = factories.member(owner, role="accountant")
    browser = signed_in(accountant.user.email)
    page = browser.get(f"/invoices/{invoice.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    for action in ACTIONS:
        assert f"/invoices/{invoice.pk}/{action}" not in html
    assert browser.get(f"/invoices/{invoice.pk}/pdf").status_code == 200
    for form in ("delete", "edit", "correction"):
        assert browser.get(f"/invoices/{invoice.pk}/{form}").status_code == 403
    assert browser.get("/invoices/new").status_code == 403
    for action in ACTIONS:
        fields = {"kind": "vat", "status": "rejected", "email_to": "a@example.com"}
        assert browser.post(f"/invoices/{invoice.pk}/{action}", fields).status_code == 403
    invoice.refresh_from_db()
    assert (invoice.status, invoice.cancelled, invoice.paid) == ("issued", False, 0)
    assert Invoice.objects.count() == 1
