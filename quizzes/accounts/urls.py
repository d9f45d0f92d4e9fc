"""Routes of accounts: sign-up and API tokens (namespace ``accounts``; API ``api:accounts``).

Log in and log out are Django's own views, at ``/accounts/`` (``learning.urls``).
"""

from django.urls import path

from quizzes.accounts import api, web

app_name = "accounts"

urlpatterns = [
    path("signup/", web.signup, name="signup"),
    path("account/tokens/", web.account_tokens, name="tokens"),
    path("account/tokens/revoke-all/", web.account_tokens_revoke_all, name="tokens-revoke-all"),
    path("account/tokens/<id:token_id>/revoke/", web.account_token_revoke, name="token-revoke"),
]

api_urlpatterns = [
    path("auth/token/", api.ObtainToken.as_view(), name="token"),
    path("auth/tokens/", api.TokenList.as_view(), name="token-list"),
    path("auth/tokens/<id:pk>/", api.TokenDetail.as_view(), name="token-detail"),
]
