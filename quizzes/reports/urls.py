"""Routes of reports: the pages (namespace ``reports``) and the API (``api:reports``)."""

from django.urls import path

from quizzes.reports import api, web

app_name = "reports"

urlpatterns = [
    path("reports/", web.my_reports, name="mine"),
    path("reports/new/", web.report_new, name="report-new"),
    path("reports/<id:report_id>/resolve/", web.report_resolve_view, name="report-resolve"),
    path("courses/<id:course_id>/reports/", web.course_reports, name="course-reports"),
]

api_urlpatterns = [
    path("reports/", api.ReportListCreate.as_view(), name="report-list"),
    path("reports/<id:pk>/resolve/", api.ReportResolve.as_view(), name="report-resolve"),
    path("courses/<id:pk>/reports/", api.CourseReports.as_view(), name="course-reports"),
]
