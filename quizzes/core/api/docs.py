"""The browsable API docs page (Swagger UI, served from drf-spectacular-sidecar's static files)."""

from __future__ import annotations

from django.utils.csp import CSP
from django.views.decorators.csp import csp_override

# Swagger UI's page bootstraps itself with an inline script and inline styles; allow them on this
# one page only, still from our own origin.
swagger_csp = csp_override(
    {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "object-src": [CSP.NONE],
    }
)
