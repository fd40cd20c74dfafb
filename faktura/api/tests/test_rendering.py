"""`to_json`: orjson's speed with what Ninja's encoder writes for every value."""

import datetime as dt
import json
from decimal import Decimal
from uuid import UUID

from django.utils import timezone
from ninja.responses import NinjaJSONEncoder

from faktura.api.rendering import to_json


def test_values_are_written_as_ninjas_encoder_writes_them():
    data = {
        "when": dt.datetime(2026, 11, 22, 7, 30, 1, 123456, tzinfo=dt.UTC),
        "local": timezone.localtime(dt.datetime(2026, 11, 22, 7, 30, tzinfo=dt.UTC)),
        "day": dt.date(2026, 11, 22),
        "amount": Decimal("123.40"),
        "id": UUID("12345678-1234-5678-1234-567812345678"),
        "text": "Zażółć gęślą jaźń — Ґанок",
        "nested": [{"flag": True, "nothing": None, "n": 3}],
    }
    expected = json.loads(json.dumps(data, cls=NinjaJSONEncoder))
    written = to_json(data)
    assert json.loads(written) == expected
    assert "Zażółć".encode() in written  # UTF-8, not \\u escapes


def test_what_orjson_refuses_is_still_written():
    huge = {"n": 2**70, 1: "an integer key"}
    assert json.loads(to_json(huge)) == {"n": 2**70, "1": "an integer key"}
