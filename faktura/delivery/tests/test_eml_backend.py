import re
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.test import override_settings

from faktura.delivery.eml_backend import EmlFileBackend
from faktura.delivery.models import OutgoingEmail
from faktura.delivery.services import email_queue

POLISH = "Zażółć gęślą jaźń"
EML_NAME = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{32}\.eml")


@pytest.fixture
def mail_dir(tmp_path):
    directory = tmp_path / "mail"
    with override_settings(
        EMAIL_BACKEND="faktura.delivery.eml_backend.EmlFileBackend", FAKTURA_MAIL_DIR=directory
    ):
        yield directory


@pytest.mark.django_db(transaction=True)
def test_each_queued_email_becomes_one_parseable_eml_file(account, mail_dir, run_tasks):
    email_queue(account=account, to=["jan@example.pl"], subject="Pierwsza", body_text=POLISH)
    email_queue(account=account, to=["anna@example.pl"], subject="Druga", body_text=POLISH)

    run_tasks()

    files = sorted(mail_dir.iterdir())
    assert [bool(EML_NAME.fullmatch(f.name)) for f in files] == [True, True]
    messages = [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    assert sorted((m["To"], m["Subject"]) for m in messages) == [
        ("anna@example.pl", "Druga"),
        ("jan@example.pl", "Pierwsza"),
    ]
    assert [m.get_content() for m in messages] == [POLISH, POLISH]
    assert list(OutgoingEmail.objects.values_list("status", flat=True)) == ["sent", "sent"]


def test_eml_file_uses_unix_line_endings(mail_dir):
    sent = mail.send_mail("Temat", f"{POLISH}\nDruga linia", None, ["jan@example.pl"])

    assert sent == 1
    [path] = mail_dir.iterdir()
    data = path.read_bytes()
    assert b"\r\n" not in data
    assert data.endswith(f"{POLISH}\nDruga linia".encode())


def test_eml_backend_writes_one_file_per_message_of_a_batch(mail_dir):
    messages = [
        mail.EmailMessage(f"Temat {n}", "Treść", to=[f"user{n}@example.pl"]) for n in range(3)
    ]

    assert EmlFileBackend().send_messages(messages) == 3

    names = sorted(p.name for p in mail_dir.iterdir())
    assert len(names) == 3
    assert all(EML_NAME.fullmatch(name) for name in names)


def test_message_without_recipients_writes_no_file(mail_dir):
    assert EmlFileBackend().send_messages([mail.EmailMessage("Temat", "Treść")]) == 0

    assert not mail_dir.exists() or list(mail_dir.iterdir()) == []


def test_eml_backend_reports_an_unwritable_directory(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    message = mail.EmailMessage("Temat", "Treść", to=["jan@example.pl"])

    with override_settings(FAKTURA_MAIL_DIR=blocker / "mail"), pytest.raises(NotADirectoryError):
        EmlFileBackend().send_messages([message])
    with override_settings(FAKTURA_MAIL_DIR=blocker / "mail"):
        assert EmlFileBackend(fail_silently=True).send_messages([message]) == 0
