"""Forms of the panel's sign-in pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from faktura.accounts.services import password_problem


class LoginForm(forms.Form):
    login = forms.CharField(label=_("Login or e-mail"), max_length=254)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=4096)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class PasswordResetRequestForm(forms.Form):
    login = forms.CharField(label=_("Login or e-mail"), max_length=254)


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput, max_length=4096, strip=False
    )
    password_again = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput, max_length=4096, strip=False
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name in ("password", "password_again"):
            self.fields[name].widget.attrs.update(autocomplete="new-password")

    def clean(self):
        data = super().clean()
        first, second = data.get("password"), data.get("password_again")
        if first and second and first != second:
            self.add_error("password_again", _("The two passwords differ."))
        problem = password_problem(first) if first else None
        if problem:
            self.add_error("password", problem)
        return data
