"""Keycloak's endpoint layout, derived from a realm URL. Imported by the settings: no Django import here."""

KEYCLOAK_PATHS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "/protocol/openid-connect/auth",
    "OIDC_OP_TOKEN_ENDPOINT": "/protocol/openid-connect/token",
    "OIDC_OP_USER_ENDPOINT": "/protocol/openid-connect/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "/protocol/openid-connect/certs",
    "OIDC_OP_LOGOUT_ENDPOINT": "/protocol/openid-connect/logout",
}


def keycloak_endpoints(issuer: str) -> dict:
    """``https://kc.example/realms/apps`` -> mozilla-django-oidc's endpoint settings; empty strings without issuer."""
    issuer = (issuer or "").rstrip("/")
    return {name: f"{issuer}{path}" if issuer else "" for name, path in KEYCLOAK_PATHS.items()}


def account_console_url(issuer: str) -> str:
    """Where a person manages their Keycloak account (names, e-mail, password)."""
    issuer = (issuer or "").rstrip("/")
    return f"{issuer}/account" if issuer else ""
