"""The panel's settings: company, departments, bank accounts, users, API token.

For owners and admins only (members get 403 even on GET, accountants on any POST);
rows of the account only (404 otherwise); the services' messages on the fields,
with what the user typed kept.
"""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from faktura.accounts.models import Membership, User
from faktura.catalog.models import BankAccount, Department
from faktura.catalog.tests.factories_departments import png_bytes
from faktura.events.models import Webhook
from faktura.tests import factories
from faktura.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SETTINGS_PAGES = (
    "/settings/",
    "/settings/company",
    "/settings/departments/",
    "/settings/departments/new",
    "/settings/bank_accounts/",
    "/settings/bank_accounts/new",
    "/settings/invoicing",
    "/settings/users/",
    "/settings/api_token",
    "/settings/webhooks/",
    "/settings/webhooks/new",
)


def _browser(login: str, password: str = PASSWORD) -> Browser:
    browser = Browser(HTTP_HOST="acme.faktura.test", HTTP_ACCEPT="text/html")
    assert browser.post("/login", {"login": login, "password": password}).status_code == 302
    return browser


def _pl(text: str) -> str:
    with translation.override("pl"):
        return escape(gettext(text))


@pytest.fixture
def browser(owner) -> Browser:
    return _browser(owner.user.login)


def _row_pages(owner) -> list[str]:
    department = Department.objects.get(account=owner.account, main=True)
    bank = BankAccount.objects.create(
        account=owner.account, bank_account_number="1", number_normalized="1"
    )
    hook = Webhook.objects.create(
        account=owner.account, kind="invoice:create", url="https://x.example/h", secret="s"
    )
    return [
        f"/settings/departments/{department.pk}/edit",
        f"/settings/bank_accounts/{bank.pk}/edit",
        f"/settings/users/{owner.pk}/edit",
        f"/settings/webhooks/{hook.pk}/edit",
        f"/settings/webhooks/{hook.pk}/deliveries",
    ]


def test_members_get_403_on_every_settings_page_and_no_settings_link(owner):
    pages = [*SETTINGS_PAGES, *_row_pages(owner)]
    member = _browser(factories.member(owner, role="member").user.email)
    for page in pages:
        response = member.get(page)
        assert (page, response.status_code) == (page, 403)
    html = response.content.decode()
    assert "Brak dostępu" in html  # the friendly 403 page, in the user's language
    assert 'href="/settings/' not in html
    assert 'href="/settings/' not in member.get("/").content.decode()
    admin = _browser(factories.member(owner, role="admin").user.email)
    for page in pages:
        assert (page, admin.get(page, follow=True).status_code) == (page, 200)
    assert 'href="/settings/"' in admin.get("/").content.decode()


def test_accountants_read_nothing_of_the_settings_and_change_nothing(owner):
    accountant = _browser(factories.member(owner, role="accountant").user.email)
    posts = {
        "/settings/company": {"name": "Przejęta"},
        "/settings/departments/new": {"name": "Nowy"},
        "/settings/bank_accounts/new": {"bank_account_number": "PL61109010140000071219812874"},
        "/settings/invoicing": {"pattern-vat": "X/nr"},
        "/settings/users/invite": {"email": "x@y.pl", "role": "admin"},
        "/settings/api_token/regenerate": {"confirm": "yes"},
        "/settings/webhooks/new": {"kind": "invoice:create", "url": "https://x.example/h"},
    }
    for page, data in posts.items():
        assert (page, accountant.post(page, data).status_code) == (page, 403)
    assert accountant.get("/settings/company").status_code == 403
    assert Department.objects.filter(account=owner.account).count() == 1
    assert not BankAccount.objects.exists()
    assert not User.objects.filter(email="x@y.pl").exists()


def test_the_company_is_the_main_department_saved_or_refused_on_its_field(browser, owner):
    refused = browser.post("/settings/company", {"name": "", "city": "Gdańsk"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert _pl("can't be blank") in html
    assert 'value="Gdańsk"' in html
    saved = browser.post(
        "/settings/company",
        {"name": "Acme S.A.", "tax_no": "6272616681", "city": "Gdańsk", "phone": ""},
    )
    assert saved["Location"] == "/settings/company"
    main = Department.objects.get(account=owner.account, main=True)
    assert (main.name, main.tax_no, main.city) == ("Acme S.A.", "6272616681", "Gdańsk")
    browser.post("/settings/company", {"name": "Acme S.A.", "city": ""})
    main.refresh_from_db()
    assert (main.city, main.tax_no) == ("", "")  # an emptied field is emptied


def test_a_logo_is_uploaded_checked_by_the_service_and_removed(browser, owner):
    main = Department.objects.get(account=owner.account, main=True)
    text = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    refused = browser.post(f"/settings/departments/{main.pk}/edit", {"name": "Acme", "logo": text})
    assert refused.status_code == 422
    html = refused.content.decode()
    reasons = re.findall(r'id="id_logo-errors"><li>([^<]+)</li>', html)
    assert reasons
    assert reasons[0].startswith(_pl("must be a PNG, JPEG or SVG image")[:20])
    assert 'value="Acme"' in html
    png = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    assert browser.post("/settings/company", {"name": "Acme", "logo": png}).status_code == 302
    main.refresh_from_db()
    assert main.logo.name.startswith("logos/")
    assert main.logo.name.endswith(".png")
    assert f'src="{main.logo.url}"' in browser.get("/settings/company").content.decode()
    removed = browser.post("/settings/company", {"name": "Acme", "remove_logo": "on"})
    assert removed.status_code == 302, removed.content.decode()[-3000:]
    main.refresh_from_db()
    assert not main.logo


def test_departments_are_made_edited_and_the_main_one_kept(browser, owner, other_owner):
    refused = browser.post("/settings/departments/new", {"name": "", "shortcut": "PN"})
    assert refused.status_code == 422
    assert 'value="PN"' in refused.content.decode()
    assert browser.post("/settings/departments/new", {"name": "Oddział Północ", "shortcut": "PN"})[
        "Location"
    ] == ("/settings/departments/")
    branch = Department.objects.get(account=owner.account, name="Oddział Północ")
    listing = browser.get("/settings/departments/?q=półn", HTTP_HX_REQUEST="true")
    assert "Oddział Północ" in listing.content.decode()
    assert "<html" not in listing.content.decode()
    browser.post(f"/settings/departments/{branch.pk}/edit", {"name": "Oddział Pn"})
    branch.refresh_from_db()
    assert (branch.name, branch.shortcut) == ("Oddział Pn", "")
    main = Department.objects.get(account=owner.account, main=True)
    kept = browser.post(f"/settings/departments/{main.pk}/delete", follow=True)
    assert _pl("the main department cannot be deleted") in kept.content.decode()
    assert Department.objects.filter(pk=main.pk).exists()
    browser.post(f"/settings/departments/{branch.pk}/delete")
    assert not Department.objects.filter(pk=branch.pk).exists()
    foreign = Department.objects.get(account=other_owner.account, main=True)
    assert browser.get(f"/settings/departments/{foreign.pk}/edit").status_code == 404
    assert browser.post(f"/settings/departments/{foreign.pk}/edit", {"name": "X"}).status_code == (
        404
    )
    assert browser.post(f"/settings/departments/{foreign.pk}/delete").status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Globex sp. z o.o."


def test_bank_accounts_are_checked_by_iban_and_kept_to_the_account(browser, owner, other_owner):
    refused = browser.post(
        "/settings/bank_accounts/new",
        {"bank_account_number": "PL61109010140000071219812875", "name": "Główny"},
    )
    assert refused.status_code == 422
    html = refused.content.decode()
    assert _pl("is not a valid IBAN") in html
    assert 'value="PL61109010140000071219812875"' in html
    assert 'value="Główny"' in html
    saved = browser.post(
        "/settings/bank_accounts/new",
        {"bank_account_number": "PL61 1090 1014 0000 0712 1981 2874", "bank_currency": "eur"},
    )
    assert saved["Location"] == "/settings/bank_accounts/"
    bank = BankAccount.objects.get(account=owner.account)
    assert (bank.number_normalized, bank.bank_currency) == ("PL61109010140000071219812874", "EUR")
    taken = browser.post(
        "/settings/bank_accounts/new", {"bank_account_number": "PL61109010140000071219812874"}
    )
    assert _pl("has already been taken") in taken.content.decode()
    browser.post(
        f"/settings/bank_accounts/{bank.pk}/edit",
        {"bank_account_number": bank.bank_account_number, "bank_name": "mBank"},
    )
    bank.refresh_from_db()
    assert bank.bank_name == "mBank"
    foreign = BankAccount.objects.create(
        account=other_owner.account, bank_account_number="2", number_normalized="2"
    )
    assert browser.get(f"/settings/bank_accounts/{foreign.pk}/edit").status_code == 404
    assert browser.post(f"/settings/bank_accounts/{foreign.pk}/delete").status_code == 404
    assert "mBank" in browser.get("/settings/bank_accounts/").content.decode()
    browser.post(f"/settings/bank_accounts/{bank.pk}/delete")
    assert list(BankAccount.objects.all()) == [foreign]


@pytest.mark.django_db(transaction=True)  # the e-mail task is enqueued on commit
def test_an_invitation_reaches_smtp_and_its_link_sets_a_password(
    browser, owner, smtp_server, run_tasks
):
    refused = browser.post("/settings/users/invite", {"email": "nie-adres", "role": "admin"})
    assert refused.status_code == 422
    assert _pl("is not a valid e-mail address") in refused.content.decode()
    assert 'value="nie-adres"' in refused.content.decode()
    response = browser.post(
        "/settings/users/invite", {"email": "ksiegowa@biuro.example", "role": "accountant"}
    )
    assert response["Location"] == "/settings/users/"
    run_tasks()
    (received,) = smtp_server.received
    assert received.rcpt_tos == ["ksiegowa@biuro.example"]
    body = received.message.get_body(("plain",)).get_content()
    (link,) = re.findall(r"http://acme\.faktura\.test/password-reset/\S+", body)
    assert "ksiegowa" in body
    invited = User.objects.get(email="ksiegowa@biuro.example")
    assert Membership.objects.get(user=invited, account=owner.account).role == "accountant"
    guest = Browser(HTTP_HOST="acme.faktura.test", HTTP_ACCEPT="text/html")
    path = link.removeprefix("http://acme.faktura.test")
    short = guest.post(path, {"password": "krótkie", "password_again": "krótkie"})
    assert "errorlist" in short.content.decode()
    done = guest.post(
        path, {"password": "Haslo-Ksiegowej-1", "password_again": "Haslo-Ksiegowej-1"}
    )
    assert done.status_code == 200
    signed_in = _browser("ksiegowa@biuro.example", "Haslo-Ksiegowej-1")
    assert signed_in.get("/invoices/").status_code == 200
    assert guest.get(path).status_code == 400  # the link works once
    assert not mail.outbox


def test_an_existing_user_is_added_and_listed_with_role_and_departments(
    browser, owner, other_owner
):
    response = browser.post(
        "/settings/users/invite",
        {
            "email": other_owner.user.email,
            "role": "member",
            "department_ids": [Department.objects.get(account=owner.account, main=True).pk],
        },
        follow=True,
    )
    html = response.content.decode()
    joined = Membership.objects.get(account=owner.account, user=other_owner.user)
    assert joined.role == "member"
    assert list(joined.departments.values_list("name", flat=True)) == ["Acme sp. z o.o."]
    rows = browser.get("/settings/users/?q=globex", HTTP_HX_REQUEST="true").content.decode()
    assert "globex-owner" in rows
    assert "Acme sp. z o.o." in rows
    assert "Członek" in rows
    assert "acme-owner" not in rows
    assert "<html" not in rows
    assert "globex-owner" in html


def test_roles_change_members_leave_and_the_last_owner_stays(browser, owner, other_owner):
    member = factories.member(owner, role="member")
    assert browser.post(f"/settings/users/{member.pk}/edit", {"role": "admin"}).status_code == 302
    assert Membership.objects.get(pk=member.pk).role == "admin"
    refused = browser.post(f"/settings/users/{owner.pk}/edit", {"role": "member"})
    assert refused.status_code == 422
    assert _pl("the account must keep at least one owner") in refused.content.decode()
    kept = browser.post(f"/settings/users/{owner.pk}/remove", follow=True)
    assert _pl("the account must keep at least one owner") in kept.content.decode()
    assert Membership.objects.get(pk=owner.pk).role == "owner"
    assert browser.get(f"/settings/users/{other_owner.pk}/edit").status_code == 404
    assert browser.post(f"/settings/users/{other_owner.pk}/remove").status_code == 404
    assert browser.post(
        f"/settings/users/{other_owner.pk}/edit", {"role": "member"}
    ).status_code == (404)
    assert Membership.objects.get(pk=other_owner.pk).role == "owner"
    admin = _browser(member.user.email)
    assert admin.post(f"/settings/users/{owner.pk}/remove").status_code == 403
    assert browser.post(f"/settings/users/{member.pk}/remove")["Location"] == "/settings/users/"
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert User.objects.filter(pk=member.user_id).exists()


def test_a_members_departments_are_changed_after_the_invitation(browser, owner, other_owner):
    north = factories.department(owner, "Północ")
    south = factories.department(owner, "Południe")
    foreign = factories.department(other_owner, "Obcy")
    member = factories.member(owner, role="member")
    member.departments.add(north)
    page = browser.get(f"/settings/users/{member.pk}/edit").content.decode()
    assert re.search(rf'value="{north.pk}"[^>]*checked', page)
    fields = {"role": "member", "department_ids": [str(south.pk)]}
    assert browser.post(f"/settings/users/{member.pk}/edit", fields).status_code == 302
    assert [d.pk for d in Membership.objects.get(pk=member.pk).departments.all()] == [south.pk]
    refused = browser.post(
        f"/settings/users/{member.pk}/edit", {"role": "member", "department_ids": [foreign.pk]}
    )
    assert refused.status_code == 422
    assert [d.pk for d in Membership.objects.get(pk=member.pk).departments.all()] == [south.pk]
    assert browser.post(f"/settings/users/{member.pk}/edit", {"role": "admin"}).status_code == 302
    changed = Membership.objects.get(pk=member.pk)
    assert (changed.role, list(changed.departments.all())) == ("admin", [])


def test_the_api_token_is_masked_shown_on_a_post_and_regenerated_once_confirmed(browser, owner):
    old = owner.api_token
    page = browser.get("/settings/api_token").content.decode()
    assert old not in page
    assert f"{old[:4]}••••" in page
    assert old in browser.post("/settings/api_token", {"reveal": "1"}).content.decode()
    unconfirmed = browser.post("/settings/api_token/regenerate", follow=True)
    assert "Zaznacz pole" in unconfirmed.content.decode()
    assert Membership.objects.get(pk=owner.pk).api_token == old
    done = browser.post("/settings/api_token/regenerate", {"confirm": "yes"})
    assert done["Location"] == "/settings/api_token"
    new = Membership.objects.get(pk=owner.pk).api_token
    assert new != old
    api = Browser(HTTP_HOST="acme.faktura.test")
    assert api.get(f"/account.json?api_token={old}").status_code == 401
    assert api.get(f"/account.json?api_token={new}").status_code == 200
