"""OpenAPI (drf-spectacular) description of the portal's own API classes."""

from drf_spectacular.authentication import SessionScheme


class PortalSessionScheme(SessionScheme):
    """Our SessionAuthentication (401 instead of 403) is documented like DRF's session scheme."""

    target_class = "portal.core.api.authentication.SessionAuthentication"
