"""Courses and who is in them: create one (you teach it), join by code, roles (instructor,
student). Everything else is scoped through these memberships."""
