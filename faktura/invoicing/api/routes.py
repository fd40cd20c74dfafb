"""The invoices' one router.

Django resolves a path through its first matching pattern, and each Django
Ninja router adds patterns of its own, so every method of one path (GET and
POST /invoices, GET and DELETE /invoices/{id}) must sit on one router. The
modules `reading`, `writing` and `actions` all register their routes here.
"""

from ninja import Router

router = Router(tags=["invoices"])
