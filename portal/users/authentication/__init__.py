"""Sign-in and sign-out: Keycloak through OpenID Connect (mozilla-django-oidc), the dev sign-in, logout preferences.

- ``endpoints``: Keycloak's URL layout, derived from the realm URL (``OIDC_ISSUER``); imported by the settings.
- ``accounts``: claims -> portal account (lookup by sub, then username; creation, activation, refusals).
- ``backend``: the mozilla-django-oidc backend calling ``accounts``, and the dev sign-in session backend.
- ``views``: sign-in start and callback, dev sign-in, sign-out following the person's preference.
- ``middleware``: the session refresh (silent re-authentication; 401 JSON on the API).
- ``hooks``: what the sign-in page shows.
"""
