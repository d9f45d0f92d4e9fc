"""A real LTI 1.3 platform (the "LMS") for the end-to-end tests, on ``lti1p3platform``.

The library does the platform's LTI work: OIDC login initiation, the signed launch (resource link
and deep linking, with AGS and NRPS claims), the token endpoint checking the tool's signed client
assertion against the tool's JWKS, AGS line items and scores and NRPS members behind bearer
tokens, and validating the tool's signed deep-linking response. What a platform keeps — users,
courses, resource links, line items, the scores it received — is held in memory here.

Each ``Lms`` is served at ``/lms/<name>/`` by the same live server as Retain, under the host name
``127.0.0.1`` while Retain is reached as ``localhost``: two sites, two cookie jars, as in life.

Test knobs: ``tamper`` (change the id_token's claims, header or signing key before it is sent),
``score_failures`` (answer the next N score POSTs with 503), ``rotate_key`` (sign with a new key,
published beside the old one).
"""

from __future__ import annotations

import functools
import html
import itertools
import json
import threading
import typing as t
from collections.abc import Callable
from dataclasses import dataclass, field

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from lti1p3platform.exceptions import LineItemNotFoundException
from lti1p3platform.framework.django.oidc_login import DjangoAPIOIDCLogin
from lti1p3platform.framework.django.request import DjangoRequest
from lti1p3platform.framework.django.response import wrap_json_resp
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.membership import Context
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import (
    AssignmentsGradesService,
    NamesRoleProvisioningService,
)

LMS: dict[str, Lms] = {}  # by name; the views find their platform here

INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


def new_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@functools.cache
def public_pem(private_pem: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@functools.cache
def public_jwk(private_pem: str) -> dict[str, t.Any]:
    return Registration.get_jwk(public_pem(private_pem))


def kid_of(private_pem: str) -> str:
    return public_jwk(private_pem)["kid"]


class LmsRegistration(Registration):
    """lti1p3platform's registration, with the key id worked out once per key (the library
    parses the private key again for every message it signs)."""

    def get_kid(self) -> str | None:
        key = self.get_platform_private_key()
        return kid_of(key) if key else None


@dataclass
class User:
    sub: str
    name: str
    email: str
    roles: list[str]


@dataclass
class ResourceLink:
    id: str
    context: str
    title: str
    custom: dict[str, str] = field(default_factory=dict)
    line_item: int | None = None


@dataclass
class LineItem:
    id: int
    context: str
    label: str
    score_maximum: float
    resource_id: str = ""
    resource_link_id: str = ""
    tag: str = ""


Tamper = Callable[
    [dict[str, t.Any], dict[str, t.Any]], tuple[dict[str, t.Any], dict[str, t.Any], str]
]


class Lms:
    """One platform: its keys, users, courses, links, gradebook and what it was sent."""

    def __init__(self, name: str, *, origin: str, tool_origin: str) -> None:
        self.name = name
        self.base = f"{origin}/lms/{name}"
        self.issuer = self.base
        self.client_id = f"retain-at-{name}"
        self.deployment_id = f"{name}-deployment-1"
        self.tool_login = f"{tool_origin}/lti/login/"
        self.tool_launch = f"{tool_origin}/lti/launch/"
        self.tool_jwks = f"{tool_origin}/lti/jwks/"
        self.signing_key = new_key()
        self.published_keys = [self.signing_key]
        self.users: dict[str, User] = {
            "teacher": User("teacher-sub", "Tess Teacher", "tess@school.test", [INSTRUCTOR]),
            "student": User("student-sub", "Sam Student", "sam@school.test", [LEARNER]),
            "student2": User("student2-sub", "Kim Student", "kim@school.test", [LEARNER]),
        }
        self.contexts: dict[str, dict[str, t.Any]] = {
            "bio-101": {
                "title": "Biology 101",
                "label": "BIO101",
                "members": ["teacher", "student", "student2"],
                "inactive": [],
            }
        }
        self.resource_links: dict[str, ResourceLink] = {}
        self.line_items: dict[int, LineItem] = {}
        self.scores: dict[int, list[dict[str, t.Any]]] = {}
        self.score_posts = 0
        self.score_failures = 0
        self.token_requests = 0
        self.jwks_requests = 0
        self.tamper: Tamper | None = None
        self.registrations: list[dict[str, t.Any]] = []  # dynamic registrations received
        self.registration_token = f"reg-token-{name}"
        self.lock = threading.Lock()
        self._ids = itertools.count(1)

    # --- what tests call

    def url(self, tail: str) -> str:
        return f"{self.base}/{tail.lstrip('/')}"

    def add_link(self, *, context: str = "bio-101", title: str = "Retain", custom=None) -> str:
        link_id = f"rl-{next(self._ids)}"
        self.resource_links[link_id] = ResourceLink(link_id, context, title, dict(custom or {}))
        return link_id

    def rotate_key(self) -> str:
        """Sign with a new key from now on; publish it beside the old one."""
        self.signing_key = new_key()
        self.published_keys.append(self.signing_key)
        return kid_of(self.signing_key)

    def scores_for(self, link_id: str) -> list[dict[str, t.Any]]:
        item = self.resource_links[link_id].line_item
        return [] if item is None else self.scores.get(item, [])

    # --- lti1p3platform's view of it

    def registration(self) -> Registration:
        registration = (
            LmsRegistration()
            .set_iss(self.issuer)
            .set_client_id(self.client_id)
            .set_deployment_id(self.deployment_id)
            .set_oidc_login_url(self.tool_login)
            .set_launch_url(self.tool_launch)
            .set_deeplink_launch_url(self.tool_launch)
            .set_tool_key_set_url(self.tool_jwks)
            .set_platform_public_key(public_pem(self.signing_key))
            .set_platform_private_key(self.signing_key)
        )
        return registration


class PlatformConfig(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs: t.Any) -> None:
        self.lms: Lms = kwargs["lms"]

    def get_registration_by_params(self, **kwargs: t.Any) -> Registration:
        return self.lms.registration()


class Login(DjangoAPIOIDCLogin):
    def set_lti_message_hint(self, **kwargs: t.Any) -> None:
        self._lti_message_hint = kwargs["hint"]


class Launch(LTIAdvantageMessageLaunchAbstract):
    """The platform's side of a launch: claims for the user and link the login asked for."""

    def __init__(self, request: DjangoRequest, config: PlatformConfig) -> None:
        super().__init__(request, config)
        self.lms = config.lms

    def prepare_launch(self, preflight_response: dict[str, t.Any]) -> None:
        lms = self.lms
        user = lms.users[preflight_response["login_hint"]]
        kind, _, ref = preflight_response["lti_message_hint"].partition(":")
        self.set_user_data(user.sub, user.roles, full_name=user.name, email_address=user.email)
        context = lms.contexts[ref if kind == "dl" else lms.resource_links[ref].context]
        context_id = ref if kind == "dl" else lms.resource_links[ref].context
        self.set_launch_context_claim(
            context_id,
            context_types=["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
            context_title=context["title"],
            context_label=context["label"],
        )
        self.set_launch_presentation_claim(document_target="iframe", return_url=lms.url("return"))
        self.set_nrps(lms.url(f"contexts/{context_id}/memberships"))
        lineitems = lms.url(f"contexts/{context_id}/lineitems")
        if kind == "dl":
            self.set_dl(
                lms.url("deep-link-return"),
                title="Add activity",
                extra_data={"context": context_id},
            )
            self.set_ags(lineitems)
            return
        link = lms.resource_links[ref]
        self.set_resource_link_claim(link.id, title=link.title)
        if link.custom:
            self.set_custom_parameters_claim(link.custom)
        lineitem = f"{lineitems}/{link.line_item}" if link.line_item else None
        self.set_ags(lineitems, lineitem_url=lineitem)

    def generate_launch_request(self) -> t.Any:
        data = super().generate_launch_request()
        if self.lms.tamper is None:
            return data
        claims = jwt.decode(data["id_token"], options={"verify_signature": False})
        header = jwt.get_unverified_header(data["id_token"])
        claims, header, key = self.lms.tamper(claims, header)
        data["id_token"] = jwt.encode(claims, key, algorithm="RS256", headers=header)
        return data

    def render_launch_form(self, launch_data: dict[str, t.Any], **kwargs: t.Any) -> HttpResponse:
        return auto_post(
            launch_data["launch_url"],
            {"id_token": launch_data["id_token"], "state": launch_data["state"]},
        )


def auto_post(action: str, fields: dict[str, str]) -> HttpResponse:
    """The page a platform answers with: a form the browser POSTs to the tool at once."""
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in fields.items()
    )
    page = (
        f'<!doctype html><form id="lti" method="post" action="{html.escape(action)}">{inputs}'
        '<button type="submit">Continue</button></form>'
        "<script>document.getElementById('lti').submit()</script>"
    )
    return open_page(HttpResponse(page))


def open_page(response: HttpResponse) -> HttpResponse:
    """The LMS's pages are its own: no Retain CSP, no frame restriction."""
    response._csp_config = {}
    response.xframe_options_exempt = True
    return response


def lms_of(name: str) -> Lms:
    return LMS[name]


def config_of(lms: Lms) -> PlatformConfig:
    config = PlatformConfig(lms=lms)
    config.get_registration()
    return config


# --- views: the LMS's pages and services


def launch_init(request: HttpRequest, name: str, link: str) -> HttpResponse:
    """A link in the LMS course: start the OIDC login at the tool."""
    lms = lms_of(name)
    login = Login(DjangoRequest(request), config_of(lms))
    login.set_lti_message_hint(hint=f"rl:{link}")
    return login.initiate_login(request.GET["user"])


def deep_link_init(request: HttpRequest, name: str, context: str) -> HttpResponse:
    """ "Add an activity" in the LMS course: a deep-linking launch."""
    lms = lms_of(name)
    login = Login(DjangoRequest(request), config_of(lms))
    login.set_lti_message_hint(hint=f"dl:{context}")
    login.set_deeplinking_launch_url()
    return login.initiate_login(request.GET["user"])


def course_page(request: HttpRequest, name: str, link: str) -> HttpResponse:
    """The LMS's page for a link: Retain in an iframe, as Moodle and Canvas show it."""
    lms = lms_of(name)
    src = html.escape(lms.url(f"launch/{link}/?user={request.GET['user']}"))
    page = (
        f"<!doctype html><title>{html.escape(lms.resource_links[link].title)} · LMS</title>"
        f"<h1>LMS course page</h1>"
        f'<iframe id="tool" title="Retain" src="{src}" width="1000" height="800" '
        'allow="clipboard-write"></iframe>'
    )
    return open_page(HttpResponse(page))


@csrf_exempt
def authorize(request: HttpRequest, name: str) -> HttpResponse:
    """The OIDC authorization endpoint: answer the tool's auth request with a signed launch."""
    lms = lms_of(name)
    params = request.GET if request.method == "GET" else request.POST
    if params.get("redirect_uri") != lms.tool_launch or params.get("response_type") != "id_token":
        return HttpResponse("invalid_request", status=400)
    return Launch(DjangoRequest(request), config_of(lms)).lti_launch()


def keys(request: HttpRequest, name: str) -> JsonResponse:
    lms = lms_of(name)
    with lms.lock:
        lms.jwks_requests += 1
    return JsonResponse({"keys": [public_jwk(k) for k in lms.published_keys]})


@csrf_exempt
def token(request: HttpRequest, name: str) -> JsonResponse:
    lms = lms_of(name)
    with lms.lock:
        lms.token_requests += 1
    try:
        answer = config_of(lms).get_access_token(request.POST.dict())
    except Exception as error:
        return JsonResponse({"error": "invalid_client", "detail": str(error)}, status=400)
    return JsonResponse(answer)


class Gradebook(AssignmentsGradesService):
    def __init__(self, request: HttpRequest, lms: Lms, context: str, item: int | None) -> None:
        lineitems = lms.url(f"contexts/{context}/lineitems")
        super().__init__(
            DjangoRequest(request),
            config_of(lms),
            lineitems,
            f"{lineitems}/{item}" if item else None,
        )
        self.lms, self.context = lms, context

    def _item(self, line_item_id: str) -> LineItem:
        item = self.lms.line_items.get(int(line_item_id))
        if item is None or item.context != self.context:
            raise LineItemNotFoundException
        return item

    def _out(self, item: LineItem) -> dict[str, t.Any]:
        return {
            "id": self.lms.url(f"contexts/{item.context}/lineitems/{item.id}"),
            "label": item.label,
            "scoreMaximum": item.score_maximum,
            "resourceId": item.resource_id,
            "resourceLinkId": item.resource_link_id,
            "tag": item.tag,
        }

    def find_lineitems(
        self,
        page=1,
        limit=None,
        line_item_id=None,
        resource_link_id=None,
        resource_id=None,
        tag=None,
    ):
        items = [self._out(i) for i in self.lms.line_items.values() if i.context == self.context]
        return {"content": items, "has_next": False}

    def find_lineitem(self, line_item_id):
        return self._out(self._item(line_item_id))

    def create_lineitem(self, creation_data):
        raise NotImplementedError

    def update_lineitem(self, update_data):
        raise NotImplementedError

    def delete_lineitem(self, line_item_id):
        raise NotImplementedError

    def update_score(self, line_item_id: str, score: t.Any) -> UpdateScoreStatus:
        item = self._item(line_item_id)
        with self.lms.lock:
            received = self.lms.scores.setdefault(item.id, [])
            same_user = [s for s in received if s["userId"] == score["userId"]]
            if same_user and score["timestamp"] <= same_user[-1]["timestamp"]:
                return UpdateScoreStatus.OLD_TIMESTAMP
            received.append(score)
        return UpdateScoreStatus.SUCCESS

    def get_results(self, line_item_id, page=1, limit=None, user_id=None):
        return {"content": [], "has_next": False}


@csrf_exempt
def line_item(request: HttpRequest, name: str, context: str, item: int) -> JsonResponse:
    service = Gradebook(request, lms_of(name), context, item)
    return wrap_json_resp(service.handle_resp(lambda: service.handle_get_lineitem(str(item))))


@csrf_exempt
def scores(request: HttpRequest, name: str, context: str, item: int) -> JsonResponse:
    lms = lms_of(name)
    with lms.lock:
        lms.score_posts += 1
        if lms.score_failures > 0:
            lms.score_failures -= 1
            return JsonResponse({"error": "gradebook is down"}, status=503)
    service = Gradebook(request, lms, context, item)
    return wrap_json_resp(service.handle_resp(lambda: service.handle_update_score(str(item))))


class Roster(NamesRoleProvisioningService):
    def __init__(self, request: HttpRequest, lms: Lms, context: str) -> None:
        super().__init__(
            DjangoRequest(request), config_of(lms), lms.url(f"contexts/{context}/memberships")
        )
        self.lms, self.context = lms, context

    def get_member_data_page(self, page=1, limit=None, role=None, since=None):
        context = self.lms.contexts[self.context]
        members = []
        for key in context["members"] + context["inactive"]:
            user = self.lms.users[key]
            members.append(
                {
                    "user_id": user.sub,
                    "name": user.name,
                    "email": user.email,
                    "roles": user.roles,
                    "status": "Inactive" if key in context["inactive"] else "Active",
                }
            )
        return {"content": members, "has_next": False}

    def get_context_by_id(self) -> Context:
        context = self.lms.contexts[self.context]
        return Context(id=self.context, label=context["label"], title=context["title"])


def memberships(request: HttpRequest, name: str, context: str) -> JsonResponse:
    service = Roster(request, lms_of(name), context)
    return wrap_json_resp(service.handle_resp(service.handle_get_members))


@csrf_exempt
def deep_link_return(request: HttpRequest, name: str) -> HttpResponse:
    """The tool's deep-linking response: validate it, add its links (and line items)."""
    lms = lms_of(name)
    config = config_of(lms)
    items = config.validate_deeplinking_resp(request.POST.dict())
    claims = jwt.decode(request.POST["JWT"], options={"verify_signature": False})
    context = claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"]["context"]
    added = []
    with lms.lock:
        for content in items:
            if content["type"] != "ltiResourceLink":
                continue
            link_id = lms.add_link(
                context=context,
                title=content.get("title") or "Retain",
                custom=content.get("custom"),
            )
            if "lineItem" in content:
                spec = content["lineItem"]
                item = LineItem(
                    id=next(lms._ids),
                    context=context,
                    label=spec.get("label", content.get("title", "")),
                    score_maximum=float(spec["scoreMaximum"]),
                    resource_id=spec.get("resourceId", ""),
                    resource_link_id=link_id,
                    tag=spec.get("tag", ""),
                )
                lms.line_items[item.id] = item
                lms.resource_links[link_id].line_item = item.id
            added.append(link_id)
    return open_page(HttpResponse(f"<!doctype html><p id='added'>Added: {' '.join(added)}</p>"))


# --- LTI Dynamic Registration, the platform's side


def openid_configuration(request: HttpRequest, name: str) -> JsonResponse:
    lms = lms_of(name)
    if request.headers.get("Authorization") != f"Bearer {lms.registration_token}":
        return JsonResponse({"error": "unauthorized"}, status=401)
    return JsonResponse(
        {
            "issuer": lms.issuer,
            "authorization_endpoint": lms.url("auth"),
            "token_endpoint": lms.url("token"),
            "jwks_uri": lms.url("jwks"),
            "registration_endpoint": lms.url("register-tool"),
            "scopes_supported": [
                "openid",
                "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
            ],
            "response_types_supported": ["id_token"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                "product_family_code": "test-lms",
                "version": "1.0",
                "messages_supported": [
                    {"type": "LtiResourceLinkRequest"},
                    {"type": "LtiDeepLinkingRequest"},
                ],
            },
        }
    )


@csrf_exempt
def register_tool(request: HttpRequest, name: str) -> JsonResponse:
    lms = lms_of(name)
    if request.headers.get("Authorization") != f"Bearer {lms.registration_token}":
        return JsonResponse({"error": "unauthorized"}, status=401)
    body = json.loads(request.body)
    for key in ("initiate_login_uri", "redirect_uris", "jwks_uri", "client_name"):
        if not body.get(key):
            return JsonResponse({"error": "invalid_client_metadata", "missing": key}, status=400)
    with lms.lock:
        lms.registrations.append(body)
        lms.client_id = f"dyn-{len(lms.registrations)}-{name}"
        lms.tool_login = body["initiate_login_uri"]
        lms.tool_launch = body["redirect_uris"][0]
        lms.tool_jwks = body["jwks_uri"]
    return JsonResponse(
        {
            **body,
            "client_id": lms.client_id,
            "https://purl.imsglobal.org/spec/lti-tool-configuration": {
                **body["https://purl.imsglobal.org/spec/lti-tool-configuration"],
                "deployment_id": lms.deployment_id,
            },
        }
    )


def registration_page(request: HttpRequest, name: str) -> HttpResponse:
    """The LMS's "add a tool by URL" page: opens the tool's registration URL in a frame."""
    lms = lms_of(name)
    from urllib.parse import urlencode

    query = urlencode(
        {
            "openid_configuration": lms.url(".well-known/openid-configuration"),
            "registration_token": lms.registration_token,
        }
    )
    src = html.escape(f"{request.GET['tool_url']}?{query}")
    return open_page(HttpResponse(f'<!doctype html><iframe id="tool" src="{src}"></iframe>'))


urlpatterns = [
    path("launch/<str:link>/", launch_init),
    path("deep-link/<str:context>/", deep_link_init),
    path("course/<str:link>/", course_page),
    path("auth", authorize),
    path("jwks", keys),
    path("token", token),
    path("contexts/<str:context>/lineitems/<int:item>", line_item),
    path("contexts/<str:context>/lineitems/<int:item>/scores", scores),
    path("contexts/<str:context>/memberships", memberships),
    path("deep-link-return", deep_link_return),
    path(".well-known/openid-configuration", openid_configuration),
    path("register-tool", register_tool),
    path("registration", registration_page),
]
