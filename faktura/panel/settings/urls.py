from django.urls import path

from faktura.panel import crud
from faktura.panel.settings import api_token, departments, integrations, invoicing, users
from faktura.panel.settings.bank_accounts import BANK_ACCOUNTS
from faktura.panel.settings.departments import DEPARTMENTS

urlpatterns = [
    path("settings/", departments.index, name="panel-settings"),
    path("settings/company", departments.company, name="panel-settings-company"),
    *crud.views(DEPARTMENTS),
    *crud.views(BANK_ACCOUNTS),
    path("settings/invoicing", invoicing.invoicing, name="panel-settings-invoicing"),
    path("settings/integrations", integrations.integrations, name="panel-settings-integrations"),
    path("settings/users/", users.users, name="panel-settings-users"),
    path("settings/users/invite", users.invite, name="panel-settings-users-invite"),
    path("settings/users/<int:id>/edit", users.edit, name="panel-settings-user"),
    path("settings/users/<int:id>/remove", users.remove, name="panel-settings-user-remove"),
    path("settings/api_token", api_token.api_token, name="panel-settings-api-token"),
    path(
        "settings/api_token/regenerate",
        api_token.api_token_new,
        name="panel-settings-api-token-regenerate",
    ),
]
