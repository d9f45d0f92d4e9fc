"""API: articles. Instructors add them (text, upload or the sample); members read them."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from quizzes.core.api.fields import IdField
from quizzes.core.api.parsers import CheckedJSONParser
from quizzes.core.api.views import ScopedListAPIView
from quizzes.core.filters import IdFilter
from quizzes.core.requests import AuthedAPIRequest
from quizzes.courses.selectors import course_for_instructor
from quizzes.models import Claim, Source, Term
from quizzes.sources.findings_selectors import claims_of, terms_of
from quizzes.sources.selectors import source_for, sources_for
from quizzes.sources.services import source_create, source_generate


class SourceSummary(serializers.ModelSerializer):
    words = serializers.IntegerField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "course",
            "title",
            "author",
            "url",
            "licence",
            "format",
            "language",
            "checksum",
            "status",
            "error",
            "words",
            "created_at",
            "processed_at",
        ]


class SourceDetailOutput(SourceSummary):
    class Meta(SourceSummary.Meta):
        fields = [*SourceSummary.Meta.fields, "text"]


class SourceInput(serializers.Serializer):
    course = IdField()
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, default=""
    )
    file = serializers.FileField(required=False)
    sample = serializers.BooleanField(required=False, default=False)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    author = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    url = serializers.URLField(required=False, allow_blank=True, default="")
    licence = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)

    def validate(self, attrs):
        given = [bool(attrs.get("text", "").strip()), "file" in attrs, attrs.get("sample", False)]
        if sum(given) != 1:
            raise serializers.ValidationError("Give exactly one of: text, file, or sample=true.")
        return attrs


class SourceFilter(django_filters.FilterSet):
    # A plain number, not a choice among all courses: an unknown course is an empty list, and the
    # schema does not enumerate other people's courses.
    course = IdFilter(field_name="course_id")

    class Meta:
        model = Source
        fields = ["course", "status"]


class SourceListCreate(ScopedListAPIView):
    serializer_class = SourceSummary
    filterset_class = SourceFilter
    parser_classes = [CheckedJSONParser, MultiPartParser, FormParser]

    model = Source

    def scoped(self) -> QuerySet[Source]:
        return sources_for(self.request.user)

    @extend_schema(
        request={"application/json": SourceInput, "multipart/form-data": SourceInput},
        responses={201: SourceDetailOutput, 200: SourceDetailOutput},
        description="Add an article. The same text added again to a course returns the existing "
        "article with 200 instead of 201.",
    )
    def post(self, request: AuthedAPIRequest) -> Response:
        data = SourceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        course = course_for_instructor(request.user, values.pop("course"))
        upload = values.pop("file", None)
        source, created = source_create(
            course=course,
            user=request.user,
            upload=upload.read() if upload is not None else None,
            filename=upload.name if upload is not None else "",
            **values,
        )
        return Response(
            SourceDetailOutput(source).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class SourceDetail(generics.GenericAPIView):
    serializer_class = SourceDetailOutput

    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        return Response(SourceDetailOutput(source_for(request.user, pk)).data)


class TermOutput(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = [
            "id",
            "text",
            "kind",
            "aliases",
            "definition",
            "score",
            "rank",
            "evidence_start",
            "evidence_end",
            "evidence_text",
        ]


class ClaimOutput(serializers.ModelSerializer):
    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "stance",
            "score",
            "rank",
            "enumeration",
            "evidence_start",
            "evidence_end",
            "evidence_text",
        ]


class SourceGenerate(generics.GenericAPIView):
    serializer_class = SourceSummary

    @extend_schema(
        request=None,
        responses={202: SourceSummary, 404: None},
        description="Queue (re)generation of the article's draft bank. Drafts nobody touched are "
        "replaced; edited, approved and rejected items are kept.",
    )
    def post(self, request: AuthedAPIRequest, pk: int) -> Response:
        source = source_for(request.user, pk)
        course_for_instructor(request.user, source.course_id)
        source_generate(source=source)
        source.refresh_from_db()
        return Response(SourceSummary(source).data, status=status.HTTP_202_ACCEPTED)


class SourceTerms(ScopedListAPIView):
    serializer_class = TermOutput
    model = Term

    def scoped(self) -> QuerySet[Term]:
        return terms_of(source_for(self.request.user, self.kwargs["pk"]))


class SourceClaims(ScopedListAPIView):
    serializer_class = ClaimOutput
    model = Claim

    def scoped(self) -> QuerySet[Claim]:
        return claims_of(source_for(self.request.user, self.kwargs["pk"]))
