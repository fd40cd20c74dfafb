"""Seed 000, scenario 1: a shop. When an order is paid the shop issues the invoice with its
order id, the buyer gets it by e-mail, and the shop's customer page lists and downloads
each customer's invoices. The shop is a small fake written here, talking HTTP to Faktura."""

from dataclasses import dataclass, field

import pytest

from faktura.tests.scenarios.partner_http import Faktura

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Shop:
    faktura: Faktura
    invoice_of_order: dict[str, int] = field(default_factory=dict)

    def order_paid(self, order_id: str, customer: dict, lines: list[dict]) -> int:
        """Issue the order's invoice once, even when the payment notice comes twice."""
        invoice = {
            "kind": "vat",
            "oid": order_id,
            "oid_unique": "yes",
            "buyer_name": customer["name"],
            "buyer_email": customer["email"],
            "buyer_tax_no": customer.get("tax_no", ""),
            "client_id": -1,
            "payment_type": "card",
            "status": "paid",
            "positions": lines,
        }
        answer = self.faktura.call("POST", "/invoices.json", {"invoice": invoice})
        if answer.status == 422 and "oid" in answer.body.decode():
            # Issued already (the notice came again): find it by the order id.
            (existing,) = self.faktura.call("GET", "/invoices.json", oid=order_id).json()
            self.invoice_of_order[order_id] = existing["id"]
            return existing["id"]
        assert answer.status == 201, answer.body
        invoice_id = answer.json()["id"]
        sent = self.faktura.call(
            "POST", f"/invoices/{invoice_id}/send_by_email.json", email_pdf="true"
        )
        assert sent.status == 200, sent.body
        self.invoice_of_order[order_id] = invoice_id
        return invoice_id

    def customer_page(self, client_id: int) -> list[dict]:
        return self.faktura.call("GET", "/invoices.json", client_id=client_id).json()

    def download(self, invoice_id: int) -> bytes:
        answer = self.faktura.call("GET", f"/invoices/{invoice_id}.pdf")
        assert answer.status == 200
        assert answer.headers["Content-Type"] == "application/pdf"
        return answer.body


def test_a_paid_order_becomes_an_e_mailed_invoice_on_the_customers_page(
    owner, live_server, smtp_server, run_tasks
):
    port = int(live_server.url.rsplit(":", 1)[1])
    shop = Shop(Faktura(port=port, host="acme.faktura.test", api_token=owner.api_token))
    anna = {"name": "Anna Nowak", "email": "anna@example.com"}
    firma = {
        "name": "Firma Kupująca sp. z o.o.",
        "email": "zakupy@firma.example",
        "tax_no": "6272616681",
    }
    book = [{"name": "Książka", "quantity": 2, "total_price_gross": "59.80", "tax": 5}]
    lamp = [{"name": "Lampa", "quantity": 1, "price_net": "100", "tax": 23}]

    first = shop.order_paid("ZAM-1001", anna, book)
    again = shop.order_paid("ZAM-1001", anna, book)  # the payment notice came twice
    assert again == first
    other = shop.order_paid("ZAM-1002", firma, lamp)
    run_tasks()

    # Each buyer has their invoice by e-mail, with its PDF.
    mail = {tuple(message.rcpt_tos): message.message for message in smtp_server.received}
    assert set(mail) == {("anna@example.com",), ("zakupy@firma.example",)}
    for message in mail.values():
        pdfs = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
        assert len(pdfs) == 1

    # The customer page shows each customer's invoices only, and downloads them.
    invoices = {i["id"]: i for i in shop.faktura.call("GET", "/invoices.json").json()}
    assert set(invoices) == {first, other}
    anna_id = invoices[first]["client_id"]
    listed = shop.customer_page(anna_id)
    assert [(i["id"], i["oid"], i["price_gross"]) for i in listed] == [(first, "ZAM-1001", "59.80")]
    assert shop.download(first).startswith(b"%PDF-")
    assert [i["id"] for i in shop.customer_page(invoices[other]["client_id"])] == [other]
