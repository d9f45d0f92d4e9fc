"""Routes of the LMS integration: the LTI endpoints platforms call, the picker, the platforms
page (administrators), each course's LMS page (namespace ``lti``); API under ``api:lti``."""

from django.urls import path

from quizzes.lti import api
from quizzes.lti.web import course, launch, platforms, registration

app_name = "lti"

urlpatterns = [
    path("lti/login/", launch.login, name="login"),
    path("lti/launch/", launch.launch, name="launch"),
    path("lti/jwks/", launch.jwks_view, name="jwks"),
    path("lti/deep-link/<str:key>/", launch.deep_link, name="deep-link"),
    path("lti/register/<str:token>/", registration.register, name="register"),
    path("lti/platforms/", platforms.platform_list, name="platform-list"),
    path("lti/platforms/invite/", platforms.invite_new, name="platform-invite"),
    path("lti/platforms/<id:registration_id>/", platforms.platform_detail, name="platform-detail"),
    path("courses/<id:course_id>/lms/", course.course_lms, name="course-lms"),
    path(
        "courses/<id:course_id>/lms/roster/<id:course_context_id>/",
        course.roster_sync_view,
        name="roster-sync",
    ),
    path("courses/<id:course_id>/lms/grades/retry/", course.grades_retry_view, name="grades-retry"),
    path("courses/<id:course_id>/lms/xapi/", course.xapi_settings_view, name="xapi-settings"),
    path("courses/<id:course_id>/lms/xapi/send/", course.xapi_drain_view, name="xapi-drain"),
]

api_urlpatterns = [
    path("courses/<id:pk>/lms/grades/", api.CourseGradeSyncs.as_view(), name="grade-syncs"),
    path("courses/<id:pk>/lms/roster-sync/", api.CourseRosterSync.as_view(), name="roster-sync"),
]
