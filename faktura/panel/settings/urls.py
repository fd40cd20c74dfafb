from django.urls import path

from faktura.panel.settings import views

urlpatterns = [
    path("settings/invoicing", views.invoicing, name="panel-settings-invoicing"),
]
