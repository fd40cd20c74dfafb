"""The panel's pages. API calls never reach these (see faktura.api.middleware)."""

from django.urls import include, path

from faktura.panel import fast_login
from faktura.panel.views import auth, dashboard

urlpatterns = [
    path("", include("faktura.panel.invoices.urls")),
    path("", include("faktura.panel.recurring.urls")),
    path("", include("faktura.panel.clients.urls")),
    path("", include("faktura.panel.products.urls")),
    path("", include("faktura.panel.catalog.urls")),
    path("", include("faktura.panel.settings.urls")),
    path("", include("faktura.panel.webhooks.urls")),
    path("", include("faktura.panel.profile.urls")),
    path("", dashboard.dashboard, name="panel-dashboard"),
    path("login", auth.sign_in, name="panel-login"),
    path("logout", auth.sign_out, name="panel-logout"),
    path("fast_login/<str:token>", fast_login.fast_login_enter, name="panel-fast-login"),
    path("accounts/pick", auth.pick_account, name="panel-pick-account"),
    path("password-reset", auth.password_reset, name="panel-password-reset"),
    path(
        "password-reset/<str:uid>/<str:token>",
        auth.password_reset_confirm,
        name="panel-password-reset-confirm",
    ),
]
