"""The API docs pages (Redoc and Swagger UI, served from drf-spectacular-sidecar's static files)."""

from __future__ import annotations

from django.utils.csp import CSP
from django.views.decorators.csp import csp_override

# Both bootstrap themselves with an inline script and inline styles, and Redoc searches in a worker
# made from a blob: allow them on these pages only, still from our own origin.
docs_csp = csp_override(
    {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "object-src": [CSP.NONE],
        "worker-src": [CSP.SELF, "blob:"],
    }
)
