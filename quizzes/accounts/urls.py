"""Routes of accounts: sign-up (namespace ``accounts``) and API tokens (``api:accounts``).

Log in and log out are Django's own views, at ``/accounts/`` (``learning.urls``).
"""

from django.urls import path

from quizzes.accounts import api, web

app_name = "accounts"

urlpatterns = [
    path("signup/", web.signup, name="signup"),
]

api_urlpatterns = [
    path("auth/token/", api.ObtainToken.as_view(), name="token"),
]
