from django.urls import path

from faktura.panel.clients import views

urlpatterns = [
    path("clients/", views.client_list, name="panel-clients"),
    path("clients/new", views.client_new, name="panel-client-new"),
    path("clients/<int:id>/edit", views.client_edit, name="panel-client-edit"),
    path("clients/<int:id>/delete", views.client_delete, name="panel-client-delete"),
]
