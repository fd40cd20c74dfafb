"""Inviting users, changing their roles and removing them: who may, and the last owner rule."""

import pytest
from django.utils import translation

from faktura.accounts import services
from faktura.accounts.models import Membership, User
from faktura.delivery.models import OutgoingEmail
from faktura.errors import Forbidden, Invalid, NotFound
from faktura.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def _link(user: User) -> str:
    return f"https://acme.faktura.test/set-password/{user.pk}"


def test_a_new_email_gets_a_user_without_password_and_an_invitation(owner):
    membership, invited = services.membership_invite(
        actor=owner, email=" Nowa@Example.pl ", role="accountant", link_for=_link
    )
    assert invited is True
    assert (membership.account, membership.role) == (owner.account, "accountant")
    user = membership.user
    assert (user.login, user.email) == ("Nowa", "Nowa@Example.pl")
    assert not user.has_usable_password()
    assert membership.api_token
    (email,) = OutgoingEmail.objects.filter(account=owner.account)
    assert email.to == ["Nowa@Example.pl"]
    assert _link(user) in email.body_text
    assert "Nowa" in email.body_text


def test_an_existing_users_email_adds_them_without_an_email(owner, other_owner):
    membership, invited = services.membership_invite(
        actor=owner, email="OWNER@globex.example", role="admin", link_for=_link
    )
    assert invited is False
    assert membership.user == other_owner.user
    assert membership.role == "admin"
    assert not OutgoingEmail.objects.exists()
    with pytest.raises(Invalid) as error:
        services.membership_invite(actor=owner, email="owner@globex.example", link_for=_link)
    assert error.value.errors == {"email": ["this user already belongs to the account"]}


def test_an_invitation_is_refused_for_a_bad_email_or_role_and_for_members(owner):
    with pytest.raises(Invalid) as error:
        services.membership_invite(actor=owner, email="nie-email", link_for=_link)
    assert list(error.value.errors) == ["email"]
    with pytest.raises(Invalid) as error:
        services.membership_invite(actor=owner, email="a@b.pl", role="owner", link_for=_link)
    assert list(error.value.errors) == ["role"]
    member = factories.member(owner)
    with pytest.raises(Forbidden):
        services.membership_invite(actor=member, email="c@d.pl", link_for=_link)
    assert not User.objects.filter(email__in=["a@b.pl", "c@d.pl"]).exists()
    assert not OutgoingEmail.objects.exists()


def test_a_role_is_changed_within_the_account_only(owner, other_owner):
    member = factories.member(owner)
    changed = services.membership_change(actor=owner, id=member.pk, role="admin")
    assert Membership.objects.get(pk=member.pk).role == "admin" == changed.role
    with pytest.raises(NotFound):
        services.membership_change(actor=owner, id=other_owner.pk, role="member")
    assert Membership.objects.get(pk=other_owner.pk).role == "owner"
    with pytest.raises(Invalid) as error:
        services.membership_change(actor=owner, id=member.pk, role="king")
    assert list(error.value.errors) == ["role"]


def test_departments_change_with_the_role_or_stay_when_not_given(owner, other_owner):
    north = factories.department(owner, "Północ")
    member = factories.member(owner)
    services.membership_change(actor=owner, id=member.pk, role="member", department_ids=[north.pk])
    assert list(member.departments.all()) == [north]
    services.membership_change(actor=owner, id=member.pk, role="admin")
    assert list(member.departments.all()) == [north]
    foreign = factories.department(other_owner, "Obcy")
    with pytest.raises(Invalid) as error:
        services.membership_change(
            actor=owner, id=member.pk, role="accountant", department_ids=[foreign.pk]
        )
    assert list(error.value.errors) == ["department_ids"]
    changed = Membership.objects.get(pk=member.pk)
    assert (changed.role, list(changed.departments.all())) == ("admin", [north])
    services.membership_change(actor=owner, id=member.pk, role="admin", department_ids=[])
    assert not member.departments.exists()


def test_the_last_owner_keeps_the_role_and_the_account(owner):
    with pytest.raises(Invalid) as error:
        services.membership_change(actor=owner, id=owner.pk, role="admin")
    assert error.value.errors == {"role": ["the account must keep at least one owner"]}
    with pytest.raises(Invalid) as error:
        services.membership_remove(actor=owner, id=owner.pk)
    assert error.value.errors == {"user": ["the account must keep at least one owner"]}
    assert Membership.objects.get(pk=owner.pk).role == "owner"
    second = factories.member(owner)
    Membership.objects.filter(pk=second.pk).update(role="owner")
    services.membership_remove(actor=owner, id=owner.pk)
    assert not Membership.objects.filter(pk=owner.pk).exists()
    assert User.objects.filter(pk=owner.user_id).exists()


def test_admins_manage_members_but_not_owners(owner):
    admin = factories.member(owner, role="admin")
    member = factories.member(owner)
    with pytest.raises(Forbidden):
        services.membership_change(actor=admin, id=owner.pk, role="member")
    with pytest.raises(Forbidden):
        services.membership_remove(actor=admin, id=owner.pk)
    with pytest.raises(Forbidden):
        services.membership_remove(actor=member, id=admin.pk)
    services.membership_remove(actor=admin, id=member.pk)
    assert set(Membership.objects.filter(account=owner.account).values_list("role", flat=True)) == {
        "owner",
        "admin",
    }


def test_a_user_changes_their_name_email_and_language(owner, other_owner):
    user = owner.user
    services.user_update(
        user=user, data={"first_name": " Anna ", "email": "anna@acme.example", "lang": "uk"}
    )
    user.refresh_from_db()
    assert (user.first_name, user.email, user.lang) == ("Anna", "anna@acme.example", "uk")
    with pytest.raises(Invalid) as error:
        services.user_update(
            user=user, data={"email": "OWNER@globex.example", "lang": "de", "last_name": "X"}
        )
    assert error.value.errors == {
        "lang": ["must be one of: pl, en, uk"],
        "email": ["has already been taken"],
    }
    user.refresh_from_db()
    assert (user.email, user.lang, user.last_name) == ("anna@acme.example", "uk", "")
    services.user_update(user=user, data={"email": ""})
    user.refresh_from_db()
    assert user.email is None
