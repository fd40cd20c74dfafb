from faktura.panel import crud
from faktura.panel.webhooks import views

urlpatterns = crud.views(
    views.WEBHOOKS,
    extra=(
        ("deliveries", views.deliveries, "deliveries"),
        ("send_again", views.send_again, "send-again"),
        ("rotate_secret", views.rotate_secret, "rotate-secret"),
    ),
)
