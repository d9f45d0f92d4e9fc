"""API: courses the user belongs to; an authenticated user may create one (and teaches it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from quizzes.core.api.views import ScopedAPIView
from quizzes.core.clients import client_address
from quizzes.core.requests import AuthedAPIRequest
from quizzes.courses.selectors import MemberAnnotations, course_for, courses_for
from quizzes.courses.services import course_create, course_join
from quizzes.models import Course

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class CourseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    role = serializers.CharField(help_text="Your role in this course: instructor or student.")
    join_code = serializers.SerializerMethodField(help_text="Only shown to instructors.")
    student_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_join_code(self, course: WithAnnotations[Course, MemberAnnotations]) -> str | None:
        return course.join_code if course.role == "instructor" else None


class CourseInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class JoinInput(serializers.Serializer):
    join_code = serializers.CharField(max_length=32)


class CourseListCreate(ScopedAPIView):
    serializer_class = CourseOutput
    model = Course

    def scoped(self) -> QuerySet[Course]:
        return courses_for(self.request.user)

    @extend_schema(operation_id="v1_courses_list", responses={200: CourseOutput(many=True)})
    def get(self, request: AuthedAPIRequest) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CourseOutput(page, many=True).data)

    @extend_schema(request=CourseInput, responses={201: CourseOutput})
    def post(self, request: AuthedAPIRequest) -> Response:
        data = CourseInput(data=request.data)
        data.is_valid(raise_exception=True)
        course = course_create(user=request.user, **data.validated_data)
        return Response(
            CourseOutput(course_for(request.user, course.pk)).data, status=status.HTTP_201_CREATED
        )


class CourseDetail(generics.GenericAPIView):
    serializer_class = CourseOutput

    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        return Response(CourseOutput(course_for(request.user, pk)).data)


class CourseJoin(generics.GenericAPIView):
    serializer_class = CourseOutput

    @extend_schema(request=JoinInput, responses={200: CourseOutput})
    def post(self, request: AuthedAPIRequest) -> Response:
        data = JoinInput(data=request.data)
        data.is_valid(raise_exception=True)
        membership = course_join(
            user=request.user,
            join_code=data.validated_data["join_code"],
            client=client_address(request),
        )
        return Response(CourseOutput(course_for(request.user, membership.course_id)).data)
