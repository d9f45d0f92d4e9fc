"""API: sign in for a token (``Authorization: Token …``), list your tokens, revoke one.

``POST /api/v1/auth/token/`` takes a username and password and makes a new token each time. It is
braked twice: the login lockout (``accounts.lockout``: failures per account and per client, the
same rule as the login page) and a throttle of requests per client (``auth-token``).
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizzes.accounts.lockout import lockout_message, login_retry_after
from quizzes.accounts.tokens import token_create, token_revoke, tokens_for
from quizzes.core.api.errors import error_response
from quizzes.core.api.throttles import ClientThrottle
from quizzes.core.api.views import ScopedAPIView
from quizzes.core.requests import AuthedAPIRequest
from quizzes.errors import AccountError, RateLimited
from quizzes.models import ApiToken, TokenOrigin


class TokenEndpointThrottle(ClientThrottle):
    scope = "auth-token"


class SignInInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    name = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="What will use the token (shown on your account page).",
    )


class NewTokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text="The key: send it as `Authorization: Token <key>`.")
    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True, help_text="null: never.")


class TokenOutput(serializers.ModelSerializer):
    current = serializers.SerializerMethodField(help_text="The token of this request.")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "origin", "created_at", "expires_at", "current"]

    def get_current(self, token: ApiToken) -> bool:
        auth = self.context.get("auth")
        return isinstance(auth, ApiToken) and auth.pk == token.pk


class ObtainToken(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenEndpointThrottle]

    @extend_schema(
        request=SignInInput,
        responses={
            200: NewTokenOutput,
            400: error_response("Wrong username or password, or invalid input."),
            429: error_response("Too many failed sign-ins or requests: see Retry-After."),
        },
        description="Sign in with a username and password: a new token each time (the key is "
        "shown in this answer only).",
    )
    def post(self, request: Request) -> Response:
        data = SignInInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        http_request = request._request  # the lockout counts on Django's request, as the page does
        user = authenticate(http_request, username=values["username"], password=values["password"])
        if user is None:
            wait = login_retry_after(http_request, {"username": values["username"]})
            if wait is not None:
                raise RateLimited(lockout_message(), retry_after=wait)
            raise AccountError("Unable to sign in with this username and password.")
        token, key = token_create(user=user, origin=TokenOrigin.PASSWORD, name=values["name"])
        body = {
            "token": key,
            "id": token.pk,
            "name": token.name,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
        }
        return Response(NewTokenOutput(body).data)


class TokenList(ScopedAPIView):
    serializer_class = TokenOutput
    model = ApiToken
    pagination_class = None

    def scoped(self) -> QuerySet[ApiToken]:
        return tokens_for(self.request.user)

    @extend_schema(responses={200: TokenOutput(many=True)})
    def get(self, request: AuthedAPIRequest) -> Response:
        """Your tokens that still work, newest first (never their keys)."""
        tokens = self.get_queryset()
        return Response(TokenOutput(tokens, many=True, context={"auth": request.auth}).data)


class TokenDetail(ScopedAPIView):
    serializer_class = TokenOutput
    model = ApiToken

    def scoped(self) -> QuerySet[ApiToken]:
        return tokens_for(self.request.user)

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="Revoked."),
            404: error_response("No such token among yours."),
        },
        description="Revoke one of your tokens; revoking the one this request uses signs this "
        "client out.",
    )
    def delete(self, request: AuthedAPIRequest, pk: int) -> Response:
        token_revoke(user=request.user, token_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
