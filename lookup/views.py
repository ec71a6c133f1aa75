"""The lookup server's endpoints, as real Nextcloud 25–30 nodes call them (see docs/nextcloud.md).

Plain Django views, public (``login_not_required``: the portal's sign-in and access gates do not apply), CSRF-exempt
(Nextcloud posts raw JSON without a token), answering ``application/json; charset=utf-8`` bodies byte for byte as
the protocol says. Every request first passes the network allow-list (403) and the rate limit (429).
"""

import hmac
import logging
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.views.decorators.csrf import csrf_exempt

from . import selectors
from .access import client_address, is_allowed, throttle_wait
from .protocol import (
    PROTOCOL_VERSION,
    BadRequest,
    decode_search,
    element,
    json_response,
    loads,
    parse_bool,
    parse_keys,
    parse_page,
)

logger = logging.getLogger(__name__)

# Cloud ids per ``GET /gs/users`` call.
MAX_BATCH = 1000


def lookup_endpoint(*methods):
    """Public, CSRF-exempt, network-restricted and rate-limited view answering only ``methods``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            address = client_address(request)
            if not is_allowed(address):
                logger.warning("lookup: refused client %s (not in LOOKUP_ALLOWED_NETWORKS)", address)
                return json_response({"message": "Client network not allowed."}, status=403)
            wait = throttle_wait(address)
            if wait:
                response = json_response({"message": "Too many requests."}, status=429)
                response["Retry-After"] = str(wait)
                return response
            if request.method not in methods:
                response = json_response(None, status=405)
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)

        return login_not_required(csrf_exempt(wrapper))

    return decorator


@lookup_endpoint("GET", "HEAD")
def root(request):
    """``GET /``: an empty 200 carrying the version, as upstream (a health check)."""
    response = json_response(None)
    response["X-Version"] = PROTOCOL_VERSION
    return response


@lookup_endpoint("GET", "POST", "DELETE")
def users(request):
    if request.method != "GET":
        # Signed profile publications (lookup_server_connector): the portal is the source of truth, so they are
        # acknowledged and dropped; an error would only make Nextcloud retry.
        return json_response(None)
    query = request.GET
    try:
        term = decode_search(query.get("search", ""))
    except BadRequest:
        return json_response(None, status=400)
    if parse_bool(query.get("exactCloudId")):
        person = selectors.find_by_cloud_id(term)
        return json_response(element(person) if person else [])
    if parse_bool(query.get("exact")):
        person = selectors.find_exact(term, parse_keys(query))
        return json_response(element(person) if person else [])
    limit, offset = parse_page(query)
    elements = (element(person) for person in selectors.search_people(term, limit, offset))
    return json_response([item for item in elements if item is not None])


def _authorized_body(request):
    """The JSON body of a Global Scale call, or the error response (400 malformed, 403 wrong ``authKey``)."""
    body = loads(request.body or b"null")
    if not isinstance(body, dict) or not isinstance(body.get("authKey"), str):
        return None, json_response(None, status=400)
    expected = settings.LOOKUP_AUTH_KEY
    if not expected or not hmac.compare_digest(body["authKey"].encode(), expected.encode()):
        return None, json_response(None, status=403)
    return body, None


@lookup_endpoint("GET", "POST")
def instances(request):
    """``POST /instances`` (and ``GET /gs/instances``) with ``{"authKey": ...}``: the hosts of the pool."""
    body, error = _authorized_body(request)
    if error:
        return error
    return json_response(selectors.instance_hosts())


@lookup_endpoint("GET", "POST", "DELETE")
def gs_users(request):
    """Global Scale batch calls. ``GET`` with ``{"authKey", "users": [cloud ids]}`` answers their display names;
    ``POST``/``DELETE`` (registrations from the nodes) are acknowledged and dropped, the portal being the source."""
    body, error = _authorized_body(request)
    if error:
        return error
    if request.method != "GET":
        return json_response(None)
    cloud_ids = body.get("users")
    if (
        not isinstance(cloud_ids, list)
        or len(cloud_ids) > MAX_BATCH
        or not all(isinstance(cloud_id, str) for cloud_id in cloud_ids)
    ):
        return json_response(None, status=400)
    return json_response(selectors.display_names(cloud_ids))


@lookup_endpoint("GET")
def status(request):
    return json_response({"version": PROTOCOL_VERSION})


@lookup_endpoint("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
def not_found(request, path=""):
    """Any other path under the base: a JSON 404, never a redirect."""
    return json_response(None, status=404)
