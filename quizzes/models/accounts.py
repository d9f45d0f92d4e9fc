"""API tokens: several per user, each revocable, optionally expiring, stored as a digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TokenOrigin(models.TextChoices):
    PASSWORD = "password", "Signed in with a password (API)"
    PAGE = "page", "Made on the account page"


class ApiToken(models.Model):
    """A key for ``Authorization: Token <key>``. The key is shown once, when it is made; only its
    SHA-256 digest is stored (the key is 256 random bits, so a fast hash is as good as a slow one
    here), so a copy of the database holds no usable key. ``prefix`` is the key's first
    characters, for the owner to tell their tokens apart."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    origin = models.CharField(max_length=10, choices=TokenOrigin.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"], name="apitoken_user_created")]

    def __str__(self) -> str:
        return f"{self.prefix}… of {self.user_id}"
