"""A real OpenID Connect provider (node ``oidc-provider``) laid out like Keycloak, for the portal's tests."""
