"""A changed password revokes the user's API tokens (whoever knew the old one may hold one).

``set_password`` leaves the new password on the instance until it is saved, and Django clears it
before saving a mere hash upgrade at login, so this fires on real changes only: the password
change page, the admin, ``changepassword``, a password reset.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from quizzes.accounts.tokens import tokens_revoke_all


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="revoke-tokens-on-password")
def revoke_tokens_on_password_change(
    sender: Any, instance: Any, created: bool, **kwargs: Any
) -> None:
    if not created and getattr(instance, "_password", None) is not None:
        tokens_revoke_all(user=instance)
