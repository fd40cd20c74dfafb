from faktura.panel import crud
from faktura.panel.recurring.views import RECURRINGS

urlpatterns = crud.views(RECURRINGS)
