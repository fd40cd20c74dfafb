"""A real SMTP server on loopback for tests (aiosmtpd)."""

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class SmtpServer:
    """aiosmtpd on 127.0.0.1 that keeps what it accepts; can be stopped and started again."""

    port: int = field(default_factory=free_port)
    received: list[Received] = field(default_factory=list)
    # What the server answers to DATA; a 5xx reply makes the client fail.
    data_reply: str = "250 Message accepted for delivery"
    _controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.data_reply.startswith("250"):
            self.received.append(
                Received(
                    mail_from=envelope.mail_from,
                    rcpt_tos=list(envelope.rcpt_tos),
                    message=message_from_bytes(envelope.content, policy=policy.default),
                )
            )
        return self.data_reply

    def start(self) -> None:
        # A stopped Controller cannot be restarted; each start gets a new one.
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
