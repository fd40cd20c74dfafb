"""The signed-in user's own page: name, e-mail, language, password, and their API token.

Every role has it: it changes only the user's own data, through
`accounts.services.user_update` (the e-mail must be valid and nobody else's) and
`password_problem` (the account's password rule). The API token is the
membership's (one per account); its card is the settings' one
(`panel.settings.api_token`): shown after a POST, regenerated once confirmed.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from faktura.accounts.services import password_problem, user_update
from faktura.errors import Invalid
from faktura.panel.access import panel_page
from faktura.panel.errors import add_service_errors
from faktura.panel.settings.api_token import regenerate, token_context


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), required=False, max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), required=False, max_length=150)
    email = forms.CharField(
        label=gettext_lazy("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    lang = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)


class PasswordForm(forms.Form):
    current = forms.CharField(
        label=gettext_lazy("Current password"), widget=forms.PasswordInput, strip=False
    )
    password = forms.CharField(
        label=gettext_lazy("New password"), widget=forms.PasswordInput, strip=False
    )
    password_again = forms.CharField(
        label=gettext_lazy("New password again"), widget=forms.PasswordInput, strip=False
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("current") and not self.user.check_password(data["current"]):
            self.add_error("current", _("This is not your current password."))
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        problem = password_problem(data.get("password")) if data.get("password") else None
        if problem:
            self.add_error("password", problem)
        return data


@never_cache
@panel_page(own_data=True)
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email or "",
        "lang": user.lang,
    }
    is_profile = request.method == "POST" and "save_profile" in request.POST
    is_password = request.method == "POST" and "save_password" in request.POST
    form = ProfileForm(request.POST if is_profile else None, initial=initial)
    password_form = PasswordForm(user, request.POST if is_password else None)
    if is_profile and form.is_valid():
        try:
            user_update(user=user, data=form.cleaned_data)
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("panel-profile")
    if is_password and password_form.is_valid():
        user.set_password(password_form.cleaned_data["password"])
        user.save(update_fields=["password"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed."))
        return redirect("panel-profile")
    context = {
        "section": "profile",
        "form": form,
        "password_form": password_form,
        "regenerate_url": "panel-profile-token",
        **token_context(request),
    }
    status = 422 if form.errors or password_form.errors else 200
    return render(request, "panel/profile/page.html", context, status=status)


@require_POST
@panel_page(own_data=True)
def token_regenerate(request: HttpRequest) -> HttpResponse:
    return regenerate(request, "panel-profile")
