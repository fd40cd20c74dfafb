"""Signing in and out of the panel, choosing the account, and resetting a forgotten password.

- Sign-in takes a login or an e-mail address and the password. On an account's
  host the user must be a member of that account; on the bare service a user with
  one account goes straight in, with several picks one (`/accounts/pick`).
- Sign-out is a POST (a link cannot sign anyone out); an account with an
  `integration_logout_url` sends its users back to its partner.
- A password reset sends a one-time link (Django's token: it dies once the
  password changes or after PASSWORD_RESET_TIMEOUT) through the e-mail outbox.
  The page answers the same whether the login is known or not, so it tells
  nobody which logins exist.
"""

from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from faktura.accounts.models import Membership, User
from faktura.accounts.selectors import user_by_login_or_email
from faktura.accounts.urls import host_prefix
from faktura.delivery.services import email_queue
from faktura.panel.access import SESSION_ACCOUNT, current_membership, safe_next
from faktura.panel.forms import LoginForm, NewPasswordForm, PasswordResetRequestForm


def _home(request: HttpRequest) -> str:
    return safe_next(request, reverse("panel-dashboard"))


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["login"], password=form.cleaned_data["password"]
        )
        prefix = host_prefix(request)
        member = user is not None and (
            prefix is None or Membership.objects.filter(user=user, account__prefix=prefix).exists()
        )
        if member:
            login(request, user)
            if prefix is not None:
                return redirect(_home(request))
            return _after_bare_sign_in(request, user)
        form.add_error(None, _("Wrong login or password."))
    return render(request, "panel/login.html", {"form": form, "next": request.GET.get("next", "")})


def _after_bare_sign_in(request: HttpRequest, user: User) -> HttpResponse:
    memberships = list(Membership.objects.filter(user=user).values_list("account_id", flat=True))
    if len(memberships) == 1:
        request.session[SESSION_ACCOUNT] = memberships[0]
        return redirect(_home(request))
    return redirect(f"{reverse('panel-pick-account')}?next={_home(request)}")


@require_http_methods(["GET", "POST"])
def pick_account(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("panel-login")
    memberships = (
        Membership.objects.select_related("account")
        .filter(user=request.user)
        .order_by("account__name", "account__prefix")
    )
    if request.method == "POST":
        chosen = memberships.filter(account_id=request.POST.get("account")).first()
        if chosen is not None:
            request.session[SESSION_ACCOUNT] = chosen.account_id
            return redirect(_home(request))
    return render(
        request,
        "panel/pick_account.html",
        {"memberships": memberships, "next": request.GET.get("next", "")},
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    logout(request)
    partner = membership.account.integration_logout_url if membership else ""
    return redirect(partner or reverse("panel-login"))


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = user_by_login_or_email(form.cleaned_data["login"])
        if user is not None and user.is_active and user.email:
            _send_reset_link(request, user)
        return render(request, "panel/password_reset_sent.html")
    return render(request, "panel/password_reset.html", {"form": form})


def password_link(request: HttpRequest, user: User) -> str:
    """A one-time link on this host that lets `user` set a new password (reset or invitation)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(
        reverse("panel-password-reset-confirm", kwargs={"uid": uid, "token": token})
    )


def _send_reset_link(request: HttpRequest, user: User) -> None:
    link = password_link(request, user)
    body = _(
        "Someone asked to set a new password for the login %(login)s in Faktura.\n\n"
        "To set it, open this link (it works once):\n%(link)s\n\n"
        "If it was not you, ignore this message: your password stays as it is."
    ) % {"login": user.login, "link": link}
    with transaction.atomic():
        email_queue(
            account=None, to=[user.email], subject=_("A new password for Faktura"), body_text=body
        )


def _user_from(uid: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    user = _user_from(uid)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "panel/password_reset_invalid.html", status=400)
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user.set_password(form.cleaned_data["password"])
        user.save(update_fields=["password"])
        if request.user.is_authenticated and request.user.pk == user.pk:
            update_session_auth_hash(request, user)
        return render(request, "panel/password_reset_done.html")
    return render(request, "panel/password_reset_confirm.html", {"form": form})
