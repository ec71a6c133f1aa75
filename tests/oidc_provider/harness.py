"""Install and run the test OpenID Connect provider (``server.js``), and drive its login form over real HTTP.

The npm package is installed into ``tests/oidc_provider/node_modules`` (git-ignored) the first time it is needed.
Without node or npm the tests that need the provider skip with the reason; CI installs both and fails on any skip.
"""

import json
import os
import secrets
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

HERE = Path(__file__).resolve().parent
REALM = "portal"
CLIENT_ID = "portal"
START_TIMEOUT = 30
INSTALL_TIMEOUT = 600
DEFAULT_PASSWORD = "secret-password"


class ProviderUnavailable(Exception):
    """Node, npm or the npm package are missing: the caller skips with this message."""


def ensure_installed():
    """Run ``npm ci`` (or ``npm install`` without a lock file) when ``node_modules`` lacks oidc-provider."""
    if shutil.which("node") is None:
        raise ProviderUnavailable("node is not installed (apt-get install -y nodejs npm); .ci/run installs it")
    if (HERE / "node_modules" / "oidc-provider" / "package.json").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise ProviderUnavailable("npm is not installed (apt-get install -y npm); .ci/run installs it")
    command = "ci" if (HERE / "package-lock.json").exists() else "install"
    result = subprocess.run(
        [npm, command, "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise ProviderUnavailable(f"npm {command} failed in {HERE}: {result.stderr.strip()[-500:]}")


@dataclass
class OIDCProvider:
    """A running provider: its issuer (a Keycloak-style realm URL), the client it knows, and its control API."""

    process: subprocess.Popen
    port: int
    issuer: str
    client_id: str
    client_secret: str
    control_token: str
    output: list = field(default_factory=list)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def _control(self, method, path, payload=None):
        response = requests.request(
            method,
            f"{self.base_url}/_test/{path}",
            json=payload,
            headers={"Authorization": f"Bearer {self.control_token}"},
            timeout=10,
        )
        response.raise_for_status()

    def set_user(self, username, *, sub, password=DEFAULT_PASSWORD, claims=None, disabled=False):
        """Create or replace a provider account; ``claims`` are exactly what userinfo will return besides sub."""
        self._control(
            "PUT", f"users/{username}", {"sub": sub, "password": password, "claims": claims or {}, "disabled": disabled}
        )

    def reset_users(self):
        self._control("DELETE", "users")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_provider(redirect_uris, post_logout_redirect_uris):
    """Start ``server.js`` on a free 127.0.0.1 port and wait for its "ready" line."""
    ensure_installed()
    control_token = secrets.token_hex(16)
    client_secret = secrets.token_hex(16)
    env = {
        **os.environ,
        "PORT": "0",
        "REALM": REALM,
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": client_secret,
        "REDIRECT_URIS": ",".join(redirect_uris),
        "POST_LOGOUT_REDIRECT_URIS": ",".join(post_logout_redirect_uris),
        "CONTROL_TOKEN": control_token,
        "NODE_ENV": "test",
    }
    process = subprocess.Popen(
        [shutil.which("node"), str(HERE / "server.js")],
        cwd=HERE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready = {}
    output = []

    def read_output():
        for line in process.stdout:
            output.append(line.rstrip())
            if not ready and line.startswith("{"):
                try:
                    ready.update(json.loads(line))
                except ValueError:
                    continue
                started.set()
        started.set()

    started = threading.Event()
    threading.Thread(target=read_output, daemon=True).start()
    started.wait(START_TIMEOUT)
    if not ready.get("ready"):
        process.kill()
        raise RuntimeError("the test OpenID Connect provider did not start:\n" + "\n".join(output))
    return OIDCProvider(
        process=process,
        port=ready["port"],
        issuer=ready["issuer"],
        client_id=CLIENT_ID,
        client_secret=client_secret,
        control_token=control_token,
        output=output,
    )


class _FormParser(HTMLParser):
    """Collects the forms of a page: action, method and the inputs' names and values."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "id": attrs.get("id"),
                    "action": attrs.get("action", ""),
                    "method": attrs.get("method", "get"),
                    "fields": {},
                }
            )
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value", "")


def parse_forms(html):
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def follow_until(browser, url, stop_prefix, *, username=None, password=None, max_steps=15):
    """Play the user agent on the provider's side: follow redirects, fill the login form once, submit the
    self-submitting logout form; stop at the first redirect to ``stop_prefix`` (the portal) and return its URL.

    Returns the last response instead when the provider answers a page that is neither (an error page, or the
    login form again after wrong credentials).
    """
    credentials_sent = False
    response = browser.get(url, allow_redirects=False, timeout=10)
    for _ in range(max_steps):
        location = response.headers.get("Location")
        if response.is_redirect and location:
            target = urljoin(response.url, location)
            if target.startswith(stop_prefix):
                return target
            response = browser.get(target, allow_redirects=False, timeout=10)
            continue
        forms = parse_forms(response.text)
        login = next((form for form in forms if form["id"] == "kc-form-login"), None)
        logout = next((form for form in forms if form["id"] == "op.logoutForm"), None)
        if login and username is not None and not credentials_sent:
            credentials_sent = True
            action = urljoin(response.url, login["action"])
            response = browser.post(
                action, data={"username": username, "password": password}, allow_redirects=False, timeout=10
            )
            continue
        if logout:
            action = urljoin(response.url, logout["action"])
            response = browser.post(
                action, data={**logout["fields"], "logout": "yes"}, allow_redirects=False, timeout=10
            )
            continue
        return response
    raise AssertionError(f"too many steps at the provider, last at {response.url}")


def callback_path(url):
    """``http://testserver/oidc/callback/?code=...`` -> ``/oidc/callback/?code=...`` for Django's test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
