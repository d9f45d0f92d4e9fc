"""LMS integration (LTI 1.3 Advantage) and xAPI: what Retain keeps beside django-lti's models.

django-lti (app ``lti_tool``) stores the platform side of the relationship — registrations,
deployments, Retain's signing keys, LMS users, contexts, memberships, resource links and line
items. These models tie them to Retain and hold what the library does not:

* ``LtiLogin`` — one OIDC login: the ``state`` bound to the browser by a cookie and the ``nonce``
  the platform must sign back, each used by exactly one launch;
* ``LtiPlatformOptions`` — per registration, the origins allowed to frame Retain;
* ``LtiRegistrationInvite`` — an administrator's one-time Dynamic Registration URL;
* ``LtiCourseContext`` — an LMS course (context) mapped to a Retain course;
* ``LtiPlacement`` / ``LtiPlacementLink`` — what an instructor picked in the deep-linking picker
  (a quiz, a deck, an article) and the LMS resource links launching it, with their line item;
* ``LtiGradeSync`` — per line item and student: the score to send, the last one sent, status;
* ``XapiSettings`` / ``XapiOutbox`` — a course's LRS and the statements waiting to reach it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class LtiLogin(models.Model):
    """An OIDC third-party login started by a platform: ``state`` and ``nonce`` are consumed by
    exactly one launch (``used_at``), within ``LTI_LOGIN_TTL`` seconds of ``created_at``."""

    state = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=64, unique=True)
    registration = models.ForeignKey(
        "lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="+"
    )
    target_link_uri = models.URLField(max_length=2000)
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="ltilogin_created")]

    def __str__(self) -> str:
        return f"LTI login {self.state}"


class LtiPlatformOptions(models.Model):
    """Retain's settings for one platform registration."""

    registration = models.OneToOneField(
        "lti_tool.LtiRegistration", on_delete=models.CASCADE, related_name="retain_options"
    )
    # Origins (scheme://host[:port]) whose pages may frame Retain during this platform's LTI
    # sessions: CSP frame-ancestors. Hosted Canvas signs as canvas.instructure.com but frames
    # Retain from the school's own domain, which only the administrator knows.
    frame_origins = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"options of {self.registration_id}"


class LtiRegistrationInvite(models.Model):
    """A Dynamic Registration URL an administrator hands to an LMS: usable once, until expiry."""

    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    registration = models.ForeignKey(
        "lti_tool.LtiRegistration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"registration invite {self.pk}"


class LtiCourseContext(models.Model):
    """An LMS course (context, under one deployment) mapped to the Retain course it uses."""

    context = models.OneToOneField(
        "lti_tool.LtiContext", on_delete=models.CASCADE, related_name="retain_course"
    )
    course = models.ForeignKey(
        "quizzes.Course", on_delete=models.CASCADE, related_name="lti_contexts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    roster_synced_at = models.DateTimeField(null=True, blank=True)
    roster_status = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"context {self.context_id} → course {self.course_id}"


class PlacementKind(models.TextChoices):
    QUIZ = "quiz", "Quiz"
    DECK = "deck", "Deck"
    ARTICLE = "article", "Article"
    PROGRESS = "progress", "Progress page"


class DeckRule(models.TextChoices):
    MASTERY = "mastery", "Share of the deck's claims mastered"
    REVIEWS = "reviews", "Reviews done by a due date"


class LtiPlacement(models.Model):
    """What an instructor picked in the deep-linking picker. The LMS launches it through its
    resource links (``links``); ``id`` travels in the link's custom parameter ``retain_placement``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    course = models.ForeignKey(
        "quizzes.Course", on_delete=models.CASCADE, related_name="lti_placements"
    )
    kind = models.CharField(max_length=10, choices=PlacementKind.choices)
    quiz = models.ForeignKey(
        "quizzes.Quiz", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    deck = models.ForeignKey(
        "quizzes.Deck", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(
        "quizzes.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=200)
    # A deck's grade: what counts, and for "reviews", how many reviews by when.
    deck_rule = models.CharField(max_length=10, choices=DeckRule.choices, blank=True)
    reviews_target = models.PositiveIntegerField(null=True, blank=True)
    reviews_due_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="quiz", quiz__isnull=False)
                    | Q(kind="deck", deck__isnull=False)
                    | Q(kind="article", source__isnull=False)
                    | Q(kind="progress")
                ),
                name="ltiplacement_target_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} “{self.title}”"

    @property
    def gradable(self) -> bool:
        return self.kind in (PlacementKind.QUIZ, PlacementKind.DECK)


class LtiPlacementLink(models.Model):
    """An LMS resource link that launches a placement, and the gradebook column (line item) the
    platform gave it in the launch's AGS claim."""

    resource_link = models.OneToOneField(
        "lti_tool.LtiResourceLink", on_delete=models.CASCADE, related_name="retain_link"
    )
    placement = models.ForeignKey(LtiPlacement, on_delete=models.CASCADE, related_name="links")
    line_item = models.ForeignKey(
        "lti_tool.LtiLineItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"link {self.resource_link_id} → {self.placement_id}"


class SyncStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed (gave up retrying)"


class LtiGradeSync(models.Model):
    """One student's score in one LMS gradebook column: what should be there (``score``), what was
    last accepted by the platform (``sent_score``), and how sending it is going."""

    line_item = models.ForeignKey(
        "lti_tool.LtiLineItem", on_delete=models.CASCADE, related_name="retain_syncs"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_grade_syncs"
    )
    lti_user = models.ForeignKey("lti_tool.LtiUser", on_delete=models.CASCADE, related_name="+")
    placement = models.ForeignKey(LtiPlacement, on_delete=models.CASCADE, related_name="syncs")
    score = models.FloatField()  # percent, 0–100 (scoreGiven with scoreMaximum 100)
    score_maximum = models.FloatField(default=100)
    completed = models.BooleanField(default=True)  # activityProgress Completed vs InProgress
    sent_score = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=SyncStatus.choices, default=SyncStatus.PENDING)
    tries = models.PositiveIntegerField(default=0)  # failed tries since the last success
    next_try_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["line_item", "user"], name="ltigradesync_unique_user")
        ]
        indexes = [models.Index(fields=["status", "next_try_at"], name="ltigradesync_due")]

    def __str__(self) -> str:
        return f"grade of {self.user_id} in {self.line_item_id}: {self.status}"


class XapiSettings(models.Model):
    """A course's Learning Record Store: statements go there when ``enabled``."""

    course = models.OneToOneField(
        "quizzes.Course", on_delete=models.CASCADE, related_name="xapi_settings"
    )
    enabled = models.BooleanField(default=False)
    # The LRS's xAPI base URL, e.g. https://lrs.example.edu/xAPI/ (statements go to …/statements).
    endpoint = models.URLField(max_length=500)
    username = models.CharField(max_length=200, blank=True)
    password = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"LRS of course {self.course_id}"


class XapiOutbox(models.Model):
    """One xAPI statement waiting for (or delivered to) its course's LRS. The primary key is the
    statement's id, derived from what happened, so recording the same event twice stores one row
    and a resend after a lost reply is harmless (the LRS keeps one statement per id)."""

    id = models.UUIDField(primary_key=True)
    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="+")
    statement = models.JSONField()
    status = models.CharField(max_length=10, choices=SyncStatus.choices, default=SyncStatus.PENDING)
    tries = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField()
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["course", "status", "next_try_at"], name="xapioutbox_due"),
            models.Index(fields=["claim"], name="xapioutbox_claim"),
        ]

    def __str__(self) -> str:
        return f"statement {self.id}: {self.status}"
