"""Retain's routes with the test LMS beside them at /lms/<name>/ (``tests.lti.lti_platform``)."""

from django.urls import include, path

from tests.lti import lti_platform as platform

urlpatterns = [
    path("lms/<str:name>/", include(platform.urlpatterns)),
    path("", include("learning.urls")),
]
