"""POST /account/delete.json e-mails a link; confirming it deletes the account and its data."""

import json
import re

import pytest
from django.test import Client

from faktura.accounts import services
from faktura.accounts.models import Account, Membership, User
from faktura.catalog.models import Department
from faktura.delivery.models import OutgoingEmail
from faktura.tests import factories

pytestmark = pytest.mark.django_db


def _request_deletion(client, membership: Membership, capture):
    with capture(execute=True):
        return client.post(
            "/account/delete.json",
            data=json.dumps({"api_token": membership.api_token}),
            content_type="application/json",
        )


def _link_path(text: str) -> str:
    url = re.search(r"https?://\S+/account/delete/\S+", text)[0]
    return "/" + url.split("/", 3)[3]


# The worker closes its database connection when done, which a test wrapped
# in a transaction cannot survive on PostgreSQL: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_deletion_link_is_emailed_to_the_owner_and_confirming_deletes_everything(
    client, owner, other_owner, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    member = factories.member(owner)
    factories.member(owner, role="admin", email="admin@acme.example")
    shared = factories.member(owner, email="shared@example.pl")
    Membership.objects.create(account=other_owner.account, user=shared.user, role="member")
    factories.department(owner, name="Sklep")

    response = _request_deletion(client, owner, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert response.json() == {"code": "success", "message": "Link do usunięcia konta wysłany!"}
    run_tasks()
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["owner@acme.example"]
    body = mail.message.get_body(("plain",)).get_content()
    path = _link_path(body)
    assert Account.objects.filter(prefix="acme").exists()

    browser = Client(HTTP_HOST="acme.faktura.test")
    page = browser.get(path)
    assert page.status_code == 200
    assert "acme" in page.content.decode()
    assert Account.objects.filter(prefix="acme").exists(), "GET must not delete"

    done = browser.post(path)
    assert done.status_code == 200
    assert not Account.objects.filter(prefix="acme").exists()
    assert not Department.objects.filter(name="Sklep").exists()
    assert not User.objects.filter(pk__in=[owner.user_id, member.user_id]).exists()
    assert not User.objects.filter(email="admin@acme.example").exists()
    # A user who also belongs to another account keeps that account.
    assert Membership.objects.filter(user=shared.user, account=other_owner.account).exists()
    assert Account.objects.filter(prefix="globex").exists()
    assert client.get(f"/account.json?api_token={owner.api_token}").status_code == 401


def test_a_used_link_is_not_valid_again(client, owner):
    token = _token_for(owner)
    assert services.account_delete(token=token) == "acme"
    assert Client().get(f"/account/delete/{token}").status_code == 404


def test_a_newer_request_voids_the_older_link(client, owner):
    older = _token_for(owner)
    _token_for(owner)
    response = Client().post(f"/account/delete/{older}")
    assert response.status_code == 404
    assert Account.objects.filter(prefix="acme").exists()


def test_a_forged_link_is_refused(client, owner):
    response = Client().post("/account/delete/forged-token")
    assert response.status_code == 404
    assert Account.objects.filter(prefix="acme").exists()


def test_an_expired_link_is_refused(owner, monkeypatch):
    token = _token_for(owner)
    monkeypatch.setattr(services, "DELETION_LINK_MAX_AGE", -1)
    assert services.account_for_deletion_token(token) is None


def test_only_the_owner_may_ask_to_delete(client, owner, django_capture_on_commit_callbacks):
    admin = factories.member(owner, role="admin")
    response = _request_deletion(client, admin, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not OutgoingEmail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_email_is_saved_as_eml_without_an_smtp_server(
    client, owner, run_tasks, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "faktura.delivery.eml_backend.EmlFileBackend"
    settings.FAKTURA_MAIL_DIR = tmp_path
    _request_deletion(client, owner, django_capture_on_commit_callbacks)
    run_tasks()
    [saved] = list(tmp_path.glob("*.eml"))
    assert "/account/delete/" in saved.read_text()


def _token_for(owner: Membership) -> str:
    tokens: list[str] = []

    def confirm_url(token: str) -> str:
        tokens.append(token)
        return f"https://acme.faktura.test/account/delete/{token}"

    services.account_deletion_request(actor=owner, confirm_url_for=confirm_url)
    return tokens[0]


@pytest.mark.django_db(transaction=True)
def test_deleting_the_account_removes_its_logo_files(owner, settings, tmp_path):
    from faktura.catalog.services.departments import department_update
    from faktura.catalog.tests.factories_departments import png_bytes, upload

    settings.MEDIA_ROOT = tmp_path
    main = owner.account.departments.get(main=True)
    department_update(account=owner.account, id=main.pk, data={"logo": upload(png_bytes())})
    [stored] = list((tmp_path / "logos").iterdir())

    assert services.account_delete(token=_token_for(owner)) == "acme"

    assert not stored.exists()
