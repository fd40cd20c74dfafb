"""An e-mail backend that saves each message as an .eml file in the data dir.

This is what Faktura does when no SMTP server is configured
(FAKTURA_EMAIL_URL unset): nothing leaves the machine, and every message can
be opened with a mail client from `settings.FAKTURA_MAIL_DIR`.
"""

import os
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class EmlFileBackend(BaseEmailBackend):
    """One `<UTC timestamp>-<uuid4 hex>.eml` file per message, written atomically.

    A reader never sees a half-written file: the message goes to a hidden
    temporary file in the same directory, is flushed to disk, and then renamed
    into place. Accepts and ignores the SMTP backend's options (e.g. `timeout`).
    """

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.directory = Path(settings.FAKTURA_MAIL_DIR)

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                self._write(message)
            except Exception:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent

    def _write(self, message: EmailMessage) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex}.eml"
        data = message.message().as_bytes(linesep="\n")
        fd, temp_name = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                # The caller marks the e-mail sent once this returns, so the
                # bytes must survive a power cut.
                os.fsync(f.fileno())
            os.replace(temp_name, path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        self._sync_directory()
        return path

    def _sync_directory(self) -> None:
        # Makes the rename itself durable; not every platform can open a directory.
        try:
            fd = os.open(self.directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
