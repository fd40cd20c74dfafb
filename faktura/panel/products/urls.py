from faktura.panel import crud
from faktura.panel.products.views import PRODUCTS

urlpatterns = crud.views(PRODUCTS)
