"""An account's single sign-on settings, and the Multipass tokens already used."""

from django.db import models


class MultipassSettings(models.Model):
    """Multipass with one partner system (a CRM): both sides hold the same two tokens.

    `url` is where the panel's "go to CRM" link sends a user (with `?multipass=`);
    `scheme` is how tokens are made (faktura.integrations.multipass_tokens);
    `create_users` lets a token with a login the account does not have yet (and an
    e-mail) create that user as a member.
    """

    class Scheme(models.TextChoices):
        CLASSIC = "classic", "classic (AES-128-CBC, SHA-1 key)"
        SIGNED = "signed", "signed (AES-128-CBC + HMAC-SHA256, single use)"

    account = models.OneToOneField(
        "accounts.Account", on_delete=models.CASCADE, related_name="multipass"
    )
    enabled = models.BooleanField(default=False)
    url = models.URLField(max_length=500, blank=True)
    token_1 = models.CharField(max_length=255, blank=True)
    token_2 = models.CharField(max_length=255, blank=True)
    scheme = models.CharField(max_length=10, choices=Scheme.choices, default=Scheme.CLASSIC)
    create_users = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Multipass of {self.account_id}"


class MultipassUse(models.Model):
    """A token that signed someone in: never again, until it would have expired anyway."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "digest"], name="multipass_used_once")
        ]

    def __str__(self) -> str:
        return self.digest[:12]
