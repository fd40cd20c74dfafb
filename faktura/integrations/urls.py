from django.urls import path

from faktura.integrations import views

urlpatterns = [
    path("multipass/login", views.multipass_login, name="multipass-login"),
    path("multipass/out", views.multipass_out, name="multipass-out"),
    path("multipass/<str:token>", views.multipass_login, name="multipass-login-token"),
]
