"""Seed 001: a CRM kept in step with Faktura. Clients made on either side appear on the
other (never deleted there), an invoice becomes a deal in the CRM with a link back to
it, and Multipass takes a user from the CRM into Faktura's panel and back. The CRM is a
fake written here: HTTP to Faktura on loopback, webhooks to its own receiver, its
Multipass tokens made by the test's own AES implementation; the panel runs in Chromium."""

import json
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from faktura.events.tests.receiver import Receiver
from faktura.integrations.models import MultipassSettings
from faktura.integrations.tests.test_multipass import TOKEN_1, TOKEN_2, make_token, read_token
from faktura.tests import factories
from faktura.tests.scenarios.partner_http import Faktura

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Crm:
    faktura: Faktura
    receiver: Receiver
    clients: dict[str, dict] = field(default_factory=dict)  # by the CRM's own id
    deals: list[dict] = field(default_factory=list)
    heard: int = 0

    def listen(self) -> None:
        for kind in ("client:create", "client:update", "client:destroy", "invoice:create"):
            webhook = {"kind": kind, "url": self.receiver.url, "api_token": "crm"}
            answer = self.faktura.call("POST", "/webhooks.json", {"webhook": webhook})
            assert answer.status == 201, answer.body

    def add_client(self, crm_id: str, name: str, **fields) -> None:
        self.clients[crm_id] = {"name": name, **fields}

    def push_clients(self) -> dict:
        """The historical sync: every client the CRM has, by its id as `external_id`."""
        clients = [{"external_id": crm_id, **data} for crm_id, data in self.clients.items()]
        answer = self.faktura.call("POST", "/clients/external_update.json", {"clients": clients})
        assert answer.status == 200, answer.body
        for row in answer.json()["created"] + answer.json()["updated"]:
            self.clients[row["external_id"]]["faktura_id"] = row["id"]
        return answer.json()

    def hear(self) -> list[str]:
        kinds = []
        for received in self.receiver.received[self.heard :]:
            body = json.loads(received.body)
            if "client" in body:
                client = body["client"]
                crm_id = client["external_id"] or f"F-{client['id']}"
                if crm_id not in self.clients:  # made in Faktura: the CRM takes it in
                    self.clients[crm_id] = {"name": client["name"], "faktura_id": client["id"]}
                kinds.append("client")
            if "deal" in body:
                self.deals.append(body["deal"])
                kinds.append("deal")
        self.heard = len(self.receiver.received)
        return kinds


def test_clients_deals_and_single_sign_on_both_ways(panel, owner, webhook_receiver, run_tasks):
    host = f"acme.localhost:{panel.port}"
    crm = Crm(Faktura(port=panel.port, host=host, api_token=owner.api_token), webhook_receiver)
    crm.listen()

    # Clients made in the CRM reach Faktura; the CRM does not hear its own change back.
    crm.add_client("S-1", "Alfa Handel sp. z o.o.", tax_no="6272616681", city="Łódź")
    crm.add_client("S-2", "Beta Usługi sp. z o.o.")
    assert len(crm.push_clients()["created"]) == 2
    run_tasks()
    assert crm.hear() == []
    faktura_clients = crm.faktura.call("GET", "/clients.json").json()
    assert {(c["external_id"], c["name"]) for c in faktura_clients} == {
        ("S-1", "Alfa Handel sp. z o.o."),
        ("S-2", "Beta Usługi sp. z o.o."),
    }

    # A client made in Faktura (by one of its users) reaches the CRM.
    colleague = factories.member(owner, role="member")
    faktura_user = Faktura(port=panel.port, host=host, api_token=colleague.api_token)
    made = faktura_user.call("POST", "/clients.json", {"client": {"name": "Gamma SA"}})
    assert made.status == 201
    run_tasks()
    assert crm.hear() == ["client"]
    assert any(c["name"] == "Gamma SA" for c in crm.clients.values())

    # An invoice for a CRM client becomes a deal there, linking back to the invoice.
    alfa_id = crm.clients["S-1"]["faktura_id"]
    invoice = faktura_user.call(
        "POST",
        "/invoices.json",
        {
            "invoice": {
                "client_id": alfa_id,
                "positions": [{"name": "Wdrożenie", "price_net": 1000, "tax": 23}],
            }
        },
    ).json()
    run_tasks()
    assert crm.hear() == ["deal"]
    (deal,) = crm.deals
    assert (deal["invoice_no"], deal["price"], deal["client"]["name"]) == (
        invoice["number"],
        "1230.00",
        "Alfa Handel sp. z o.o.",
    )
    link = urlsplit(deal["url"])
    request = urllib.request.Request(f"http://127.0.0.1:{panel.port}{link.path}")
    request.add_header("Host", link.netloc)
    with urllib.request.urlopen(request, timeout=30) as page:  # noqa: S310 - loopback
        assert invoice["number"] in page.read().decode()

    # Deleting on one side never deletes on the other: the CRM drops Beta and syncs again.
    del crm.clients["S-2"]
    crm.push_clients()
    assert len(crm.faktura.call("GET", "/clients.json", external_id="S-2").json()) == 1

    # Multipass: from the CRM into the panel, and back with the "CRM" link.
    MultipassSettings.objects.create(
        account=owner.account,
        enabled=True,
        url=f"http://127.0.0.1:{webhook_receiver.port}/multipass",
        token_1=TOKEN_1,
        token_2=TOKEN_2,
    )
    expires = (timezone.now() + timezone.timedelta(minutes=2)).isoformat()
    token = make_token({"login": owner.user.login, "email": owner.user.email, "expires": expires})
    page = panel.page
    page.goto(panel.url(f"/multipass/login?multipass={token}", "acme"))
    page.get_by_role("heading", name="Pulpit").wait_for()
    page.get_by_role("link", name="CRM").click()
    page.wait_for_url(f"http://127.0.0.1:{webhook_receiver.port}/multipass**")
    address = page.url  # the CRM's address, carrying the token
    payload = read_token(parse_qs(urlsplit(address).query)["multipass"][0])
    assert (payload["login"], payload["email"]) == (owner.user.login, owner.user.email)
