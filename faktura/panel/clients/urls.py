from faktura.panel import crud
from faktura.panel.clients.views import CLIENTS

urlpatterns = crud.views(CLIENTS)
