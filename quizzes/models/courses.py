"""Courses and who belongs to them. Every query a user makes is scoped through Membership."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

# Unambiguous characters only: a join code is read aloud in class and typed on phones.
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Role(models.TextChoices):
    INSTRUCTOR = "instructor", "Instructor"
    STUDENT = "student", "Student"


class Course(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    join_code = models.CharField(max_length=16, unique=True, default=new_join_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="courses"
    )

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="membership_unique_user_course")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course} ({self.role})"
