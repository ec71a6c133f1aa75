from rest_framework import authentication


class SessionAuthentication(authentication.SessionAuthentication):
    """Session authentication answering 401 (not 403) to anonymous requests, with a WWW-Authenticate header."""

    def authenticate_header(self, request):
        return 'Session realm="api"'
