"""The base of the API's views over a model: every query goes through the domain's scoped
selector (``scoped``), and schema generation, which has no user, gets an empty queryset of the
model (OpenAPI reads the path parameters' types from it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import generics

from quizzes.core.requests import AuthedAPIRequest


class ScopedAPIView(generics.GenericAPIView):
    model: type[Model]
    # Every API view is behind IsAuthenticated (the default permission), and schema generation
    # never calls ``scoped``: the request's user is a User there.
    request: AuthedAPIRequest

    def scoped(self) -> QuerySet[Any]:
        """The objects the request's user may see (a domain selector)."""
        raise NotImplementedError(f"{type(self).__name__} must say which objects it serves")

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        return self.scoped()


class ScopedListAPIView(generics.ListAPIView, ScopedAPIView):
    pass
