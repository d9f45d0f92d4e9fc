"""API: learner progress — a learner's own mastery and study record, and the class view.

``GET /api/v1/progress/me/?course=ID`` is any member's own dashboard. The class table, the per-claim
and per-term summaries and the drill-downs are for the course's instructors: anyone else gets 404,
so a student learns nothing about other students (not even whether they exist).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from quizzes.core.api.errors import error_response
from quizzes.core.api.fields import IdField
from quizzes.core.requests import AuthedAPIRequest
from quizzes.courses.selectors import course_for_instructor
from quizzes.progress.selectors.class_progress import (
    INACTIVE_DAYS,
    ClassProgress,
    check_sort,
    class_progress,
)
from quizzes.progress.selectors.dashboard import dashboard_for
from quizzes.progress.selectors.evidence import TopicKind
from quizzes.progress.selectors.study_record import StudyRecord
from quizzes.progress.selectors.topic import topic_detail

NOT_FOUND = error_response(
    "No such course among yours, or (for students) progress that is not their own."
)
BAD_INPUT = error_response("Invalid query parameters.")


class SourceRef(serializers.Serializer):
    id = serializers.IntegerField(source="source_id")
    title = serializers.CharField(source="source_title")


class TopicOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="claim or term")
    id = serializers.IntegerField()
    text = serializers.CharField()
    source = SourceRef(source="*")  # type: ignore[assignment]  # a field named like Field.source
    evidence_start = serializers.IntegerField()
    evidence_end = serializers.IntegerField()
    evidence_url = serializers.CharField(help_text="The article page at the source sentence.")


class TopicMasteryOutput(serializers.Serializer):
    topic = TopicOutput()
    state = serializers.CharField(help_text="not_started, learning, shaky or mastered")
    value = serializers.FloatField(source="mastery.value", help_text="Mastery in [0, 1].")
    confidence = serializers.FloatField(
        source="mastery.confidence", help_text="How much evidence, in [0, 1]."
    )
    quiz = serializers.FloatField(
        source="mastery.quiz", allow_null=True, help_text="The quiz evidence's value, if any."
    )
    cards = serializers.FloatField(
        source="mastery.cards", allow_null=True, help_text="Mean recall of its cards now, if any."
    )
    answers = serializers.IntegerField(help_text="Graded answers counted.")
    cards_reviewed = serializers.IntegerField(source="cards", help_text="Reviewed cards counted.")


class SummaryOutput(serializers.Serializer):
    overall = serializers.FloatField(help_text="Mean mastery (not started counts 0).")
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Topics per state.")
    total = serializers.IntegerField()


class DayCount(serializers.Serializer):
    day = serializers.DateField()
    due = serializers.IntegerField()


class DayActivityOutput(serializers.Serializer):
    day = serializers.DateField()
    reviews = serializers.IntegerField()
    answers = serializers.IntegerField()


class RetentionOutput(serializers.Serializer):
    reviews = serializers.IntegerField(help_text="Reviews of cards in the review state, 30 days.")
    passed = serializers.IntegerField(help_text="Of those, not graded Again.")
    rate = serializers.FloatField(allow_null=True)


class QuizRecordOutput(serializers.Serializer):
    quiz_id = serializers.IntegerField()
    quiz_title = serializers.CharField()
    attempt_id = serializers.IntegerField()
    number = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    percent = serializers.FloatField(
        allow_null=True, help_text="Null while the quiz's review policy hides the score."
    )
    answered = serializers.IntegerField()
    questions = serializers.IntegerField()


class StudyOutput(serializers.Serializer):
    time_zone = serializers.CharField(help_text="The learner's days start at 04:00 here.")
    today = serializers.DateField()
    day_ends_at = serializers.DateTimeField()
    due_today = serializers.IntegerField(help_text="Review cards due before the day ends.")
    learning_today = serializers.IntegerField(help_text="(Re)learning cards due today.")
    new_waiting = serializers.IntegerField(help_text="New cards not yet studied.")
    streak = serializers.IntegerField(help_text="Consecutive study days up to today.")
    studied_today = serializers.BooleanField()
    last_active = serializers.DateTimeField(allow_null=True)
    retention = RetentionOutput()
    forecast = DayCount(many=True, help_text="Cards due on each of the next 30 days.")
    calendar = serializers.SerializerMethodField(help_text="Days of the past year with activity.")
    quizzes = QuizRecordOutput(many=True, help_text="Submitted attempts, newest first.")

    def get_calendar(self, record: StudyRecord) -> list[dict[str, Any]]:
        days = sorted(record.calendar.values(), key=lambda d: d.day)
        return list(DayActivityOutput(days, many=True).data)


class UserRef(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField(source="get_username")


class CourseRef(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class DashboardOutput(serializers.Serializer):
    course = CourseRef()
    learner = UserRef()
    generated_at = serializers.DateTimeField(source="now")
    summary = SummaryOutput()
    claims = TopicMasteryOutput(many=True, help_text="Weakest first.")
    terms = TopicMasteryOutput(many=True, help_text="Weakest first.")
    study = StudyOutput()


class MeInput(serializers.Serializer):
    course = IdField(
        error_messages={
            "required": "Say which course: ?course=ID (one of your courses).",
            "invalid": "The course is a number: ?course=ID.",
        },
    )


class ProgressMe(generics.GenericAPIView):
    serializer_class = DashboardOutput

    @extend_schema(
        parameters=[MeInput],
        responses={200: DashboardOutput, 400: BAD_INPUT, 404: NOT_FOUND},
        description="Your mastery of each claim and term of the course (weakest first), cards "
        "due, forecast, study calendar, streak, true retention and quiz history.",
    )
    def get(self, request: AuthedAPIRequest) -> Response:
        data = MeInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        dashboard = dashboard_for(request.user, data.validated_data["course"])
        return Response(DashboardOutput(dashboard).data)


class StudentProgress(generics.GenericAPIView):
    serializer_class = DashboardOutput

    @extend_schema(
        responses={200: DashboardOutput, 404: NOT_FOUND},
        description="A student's dashboard as they see it (instructors of the course only).",
    )
    def get(self, request: AuthedAPIRequest, pk: int, user_id: int) -> Response:
        return Response(DashboardOutput(dashboard_for(request.user, pk, student_id=user_id)).data)


class TopicRowOutput(serializers.Serializer):
    topic = TopicOutput()
    students = serializers.IntegerField()
    mastered = serializers.IntegerField()
    not_started = serializers.IntegerField()
    share_mastered = serializers.FloatField()
    mean = serializers.FloatField(help_text="Mean mastery over the class.")
    counts = serializers.DictField(child=serializers.IntegerField())


class StudentRowOutput(serializers.Serializer):
    user_id = serializers.IntegerField()
    username = serializers.CharField()
    overall = serializers.FloatField(source="summary.overall")
    counts = serializers.DictField(source="summary.counts", child=serializers.IntegerField())
    trend = serializers.FloatField(help_text="Change of overall mastery over 7 days.")
    last_active = serializers.DateTimeField(allow_null=True)
    due_today = serializers.IntegerField()
    quiz_percent = serializers.FloatField(allow_null=True, help_text="Mean quiz grade.")
    quizzes_taken = serializers.IntegerField()
    at_risk = serializers.BooleanField()
    risks = serializers.ListField(child=serializers.CharField())


class ClassOutput(serializers.Serializer):
    course = CourseRef()
    generated_at = serializers.DateTimeField(source="now")
    sort = serializers.CharField()
    inactive_days = serializers.IntegerField()
    students = StudentRowOutput(many=True)
    weakest_claims = TopicRowOutput(many=True)
    claims = TopicRowOutput(many=True)
    terms = TopicRowOutput(many=True)


class ClassInput(serializers.Serializer):
    sort = serializers.CharField(
        required=False,
        default="mastery",
        help_text="name, mastery, mastered, last_active, due, quiz or trend; -name for descending.",
    )
    inactive_days = serializers.IntegerField(
        required=False,
        default=INACTIVE_DAYS,
        min_value=1,
        max_value=365,
        help_text="A student with no activity for this many days is at risk.",
    )

    def validate_sort(self, value: str) -> str:
        return check_sort(value)


def _class(request: AuthedAPIRequest, pk: int) -> ClassProgress:
    course = course_for_instructor(request.user, pk)
    data = ClassInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    return class_progress(course, now=timezone.now(), **data.validated_data)


class ClassProgressView(generics.GenericAPIView):
    serializer_class = ClassOutput

    @extend_schema(
        parameters=[ClassInput],
        responses={200: ClassOutput, 400: BAD_INPUT, 404: NOT_FOUND},
        description="The class table: one row per student (sortable), each claim and term "
        "across the class, the weakest claims and who is at risk. Instructors only.",
    )
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        return Response(ClassOutput(_class(request, pk)).data)


class ClassTopicsView(generics.GenericAPIView):
    serializer_class = TopicRowOutput
    kind = "claims"
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        responses={200: TopicRowOutput(many=True), 404: NOT_FOUND},
        description="Each claim (or term) across the class: students who mastered it, not "
        "started, mean mastery. Instructors only.",
    )
    def get(self, request: AuthedAPIRequest, pk: int) -> Response:
        course = course_for_instructor(request.user, pk)
        rows = getattr(class_progress(course, now=timezone.now()), self.kind)
        return Response(TopicRowOutput(rows, many=True).data)


class ItemResultOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="question or card")
    id = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    type_label = serializers.CharField()
    status = serializers.CharField()
    answers = serializers.IntegerField()
    mean_score = serializers.FloatField(allow_null=True)
    correct = serializers.IntegerField()
    learners = serializers.IntegerField()
    reviews = serializers.IntegerField()
    lapses = serializers.IntegerField()
    mean_recall = serializers.FloatField(allow_null=True)


class StudentMasteryOutput(serializers.Serializer):
    user_id = serializers.IntegerField()
    username = serializers.CharField()
    state = serializers.CharField(source="mastery.state")
    value = serializers.FloatField(source="mastery.mastery.value")
    confidence = serializers.FloatField(source="mastery.mastery.confidence")


class TopicDetailOutput(serializers.Serializer):
    topic = TopicOutput()
    row = TopicRowOutput()
    items = ItemResultOutput(many=True)
    students = StudentMasteryOutput(many=True)


class ClassTopicDetail(generics.GenericAPIView):
    serializer_class = TopicDetailOutput
    kind: TopicKind = "claim"

    @extend_schema(
        responses={200: TopicDetailOutput, 404: NOT_FOUND},
        description="One claim (or term): the items that test it, how the class did on each, "
        "and each student's mastery of it. Instructors only.",
    )
    def get(self, request: AuthedAPIRequest, pk: int, topic_id: int) -> Response:
        course = course_for_instructor(request.user, pk)
        detail = topic_detail(course, self.kind, topic_id, now=timezone.now())
        return Response(TopicDetailOutput(detail).data)
