"""The panel speaks its user's language (`User.lang`: pl, en or uk)."""

from django.conf import settings
from django.utils import translation

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    """Switch to the signed-in user's language for pages; API calls keep their own rules."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        is_api = getattr(request, "api_format", None) is not None
        if not is_api and user is not None and user.is_authenticated:
            lang = (user.lang or "").lower()
            if lang in LANGUAGE_CODES:
                translation.activate(lang)
                request.LANGUAGE_CODE = lang
        return self.get_response(request)
