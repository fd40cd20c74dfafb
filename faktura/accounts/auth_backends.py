"""Sign-in by login or e-mail, for the panel, HTTP Basic and login.json alike."""

from django.contrib.auth.backends import ModelBackend

from faktura.accounts import selectors


class LoginOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        return selectors.user_for_password(login=username, password=password)
