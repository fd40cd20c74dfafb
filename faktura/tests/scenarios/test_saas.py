"""Seed 000, scenario 2: a SaaS product (room booking) gives its users invoicing. One click
makes a Faktura account and keeps its token; invoices are issued and listed with it; the
user jumps into Faktura's panel by fast login and issues one there; when a buyer pays,
the SaaS hears it by webhook and marks its booking paid. The SaaS is a fake written here;
the panel is driven in Chromium."""

import json
import re
from dataclasses import dataclass, field

import pytest

from faktura.events.tests.receiver import Receiver
from faktura.invoicing.models import Invoice
from faktura.tests.scenarios.partner_http import Faktura

pytestmark = pytest.mark.django_db(transaction=True)

PARTNER_TOKEN = "placedia-integration-token"


@dataclass
class Placedia:
    """The SaaS: its users, their bookings, and what it keeps of their Faktura accounts."""

    port: int
    receiver: Receiver
    accounts: dict[str, Faktura] = field(default_factory=dict)
    bookings: dict[str, dict] = field(default_factory=dict)

    def enable_invoicing(self, user: str, email: str, company: str) -> Faktura:
        bare = Faktura(port=self.port, host=f"localhost:{self.port}")
        answer = bare.call(
            "POST",
            "/account.json",
            {
                "integration_token": PARTNER_TOKEN,
                "account": {
                    "prefix": f"placedia-{user}",
                    "lang": "pl",
                    "integration_fast_login": True,
                    "integration_logout_url": "https://placedia.example/back",
                },
                "user": {"login": f"placedia-{user}", "email": email, "password": "Haslo-123456"},
                "company": {"name": company, "tax_no": "5252445767", "city": "Kraków"},
            },
        )
        assert answer.status == 201, answer.body
        created = answer.json()
        account = Faktura(
            port=self.port,
            host=f"{created['prefix']}.localhost:{self.port}",
            api_token=created["api_token"],
        )
        hook = account.call(
            "POST",
            "/webhooks.json",
            {
                "webhook": {
                    "kind": "invoice:update",
                    "url": self.receiver.url,
                    "api_token": "T",
                }
            },
        )
        assert hook.status == 201, hook.body
        self.accounts[user] = account
        return account

    def book(self, user: str, booking_id: str, guest: dict, price_gross: str) -> int:
        account = self.accounts[user]
        invoice = {
            "kind": "vat",
            "oid": booking_id,
            "buyer_name": guest["name"],
            "buyer_email": guest["email"],
            "positions": [{"name": "Wynajem sali", "total_price_gross": price_gross, "tax": 23}],
        }
        answer = account.call("POST", "/invoices.json", {"invoice": invoice})
        assert answer.status == 201, answer.body
        self.bookings[booking_id] = {"invoice_id": answer.json()["id"], "paid": False}
        return answer.json()["id"]

    def fast_login_link(self, user: str, next_path: str) -> str:
        answer = self.accounts[user].call("POST", "/account/fast_login.json", {"next": next_path})
        assert answer.status == 200, answer.body
        return answer.json()["url"]

    def hear_webhooks(self) -> None:
        for received in self.receiver.received:
            body = json.loads(received.body)
            invoice = body["invoice"]
            if invoice["status"] == "paid" and invoice["oid"] in self.bookings:
                self.bookings[invoice["oid"]]["paid"] = True


def test_invoicing_enabled_used_in_the_panel_and_paid_bookings_heard_of(
    panel, settings, webhook_receiver, run_tasks
):
    settings.FAKTURA_INTEGRATION_TOKEN = PARTNER_TOKEN
    saas = Placedia(port=panel.port, receiver=webhook_receiver)

    # "Enable invoicing": an account, its token kept, invoices issued and listed with it.
    account = saas.enable_invoicing("jan", "jan@sale.example", "Sale Jana sp. z o.o.")
    invoice_id = saas.book("jan", "REZ-7", {"name": "Gość SA", "email": "gosc@example.com"}, "246")
    listed = account.call("GET", "/invoices.json").json()
    assert [(i["id"], i["oid"], i["price_gross"]) for i in listed] == [
        (invoice_id, "REZ-7", "246.00")
    ]

    # The user jumps into the panel without a password and issues an invoice there.
    page = panel.page
    page.goto(saas.fast_login_link("jan", "/invoices/new"))
    page.get_by_role("heading", name="Nowa faktura").wait_for()
    assert "api_token" not in page.url
    page.locator("#f-buyer_name").fill("Konferencja Wiosna sp. z o.o.")
    page.locator("#p-0-name").fill("Wynajem sali konferencyjnej")
    page.locator("#p-0-price").fill("500")
    page.get_by_role("button", name="Zapisz fakturę").click()
    page.get_by_role("heading", name=re.compile("Faktura VAT")).wait_for()
    issued = Invoice.objects.get(buyer_name="Konferencja Wiosna sp. z o.o.")
    assert issued.account.prefix == "placedia-jan"
    assert len(account.call("GET", "/invoices.json").json()) == 2

    # The guest pays; the payment is recorded and the SaaS hears of it.
    payment = account.call(
        "POST",
        "/banking/payments.json",
        {
            "banking_payment": {
                "name": "Przelew REZ-7",
                "price": "246",
                "paid": True,
                "invoice_id": invoice_id,
            }
        },
    )
    assert payment.status == 201, payment.body
    run_tasks()
    saas.hear_webhooks()
    assert saas.bookings["REZ-7"]["paid"] is True
    assert account.call("GET", f"/invoices/{invoice_id}.json").json()["status"] == "paid"
