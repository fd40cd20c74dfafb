from django.urls import path

from faktura.panel.profile import views

urlpatterns = [
    path("profile", views.profile, name="panel-profile"),
    path("profile/api_token", views.token_regenerate, name="panel-profile-token"),
]
