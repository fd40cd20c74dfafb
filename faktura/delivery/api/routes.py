"""The delivery calls' one router (see `invoices` and `deliver_v2`)."""

from ninja import Router

router = Router(tags=["delivery"])
