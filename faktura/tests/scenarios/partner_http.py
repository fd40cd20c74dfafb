"""The other systems' side of the wire: plain HTTP to the live server on loopback.

Every call goes to 127.0.0.1 with the Host header of the account (or the bare
service), as a partner's server would send it; nothing here knows Faktura's code.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Faktura:
    """Faktura's API as a partner reaches it: `host` is `acme.localhost:PORT` or the bare one."""

    port: int
    host: str
    api_token: str = ""

    def call(self, method: str, path: str, body: dict | None = None, **query) -> Answer:
        if self.api_token:
            query.setdefault("api_token", self.api_token)
        address = f"http://127.0.0.1:{self.port}{path}"
        if query:
            address += "?" + urllib.parse.urlencode(query, doseq=True)
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(address, data=data, method=method)  # noqa: S310
        request.add_header("Host", self.host)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return Answer(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read(), dict(error.headers))
