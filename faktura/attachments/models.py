"""Files attached to invoices, and files uploaded but not attached yet.

Files live in Django's default storage under random names
(`attachments/<account id>/<32 hex>`); the name a person gave the file is only
a label (`file_name`). A file is uploaded first (`PendingUpload`, authorised by
a signed policy) and becomes an `Attachment` when the client calls
`add_attachment`: the row changes, the stored file stays where it is.
"""

from django.db import models


class Attachment(models.Model):
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    invoice = models.ForeignKey(
        "invoicing.Invoice", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(max_length=255)
    file_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["account", "invoice"])]

    def __str__(self) -> str:
        return self.file_name


class PendingUpload(models.Model):
    """A file posted with a signed policy, waiting for `add_attachment` until `expires_at`."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE)
    invoice = models.ForeignKey(
        "invoicing.Invoice", on_delete=models.CASCADE, related_name="pending_uploads"
    )
    # The random part of the policy's key: which credentials the file came with.
    key = models.CharField(max_length=64)
    file = models.FileField(max_length=255)
    file_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["account", "invoice", "file_name"]),
            models.Index(fields=["expires_at"]),
        ]

    def __str__(self) -> str:
        return self.file_name
