"""Which social network a link points to, read from its URL alone (the portal never fetches a user's URL).

Mastodon and PeerTube instances have any host name: they are recognised by their address shapes (``/@name`` for a
Mastodon account, ``/a/``, ``/c/``, ``/w/`` for PeerTube) after the hosts of the centralised networks are checked.
"""

import re
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

#: key -> (label, DSFR icon class)
NETWORKS = {
    "mastodon": ("Mastodon", "fr-icon-mastodon-line"),
    "bluesky": ("Bluesky", "fr-icon-chat-3-line"),
    "peertube": ("PeerTube", "fr-icon-video-line"),
    "linkedin": ("LinkedIn", "fr-icon-linkedin-box-line"),
    "youtube": ("YouTube", "fr-icon-youtube-line"),
    "x": ("X", "fr-icon-twitter-x-line"),
    "github": ("GitHub", "fr-icon-github-line"),
    "gitlab": ("GitLab", "fr-icon-code-s-slash-line"),
    "facebook": ("Facebook", "fr-icon-facebook-circle-line"),
    "instagram": ("Instagram", "fr-icon-instagram-line"),
    "dailymotion": ("Dailymotion", "fr-icon-video-line"),
    "vimeo": ("Vimeo", "fr-icon-video-line"),
}
OTHER = ("", _("Site web"), "fr-icon-links-line")

_HOSTS = (
    (("linkedin.com",), "linkedin"),
    (("youtube.com", "youtu.be"), "youtube"),
    (("x.com", "twitter.com"), "x"),
    (("bsky.app", "bsky.social"), "bluesky"),
    (("github.com",), "github"),
    (("gitlab.com",), "gitlab"),
    (("facebook.com", "fb.com"), "facebook"),
    (("instagram.com",), "instagram"),
    (("dailymotion.com", "dai.ly"), "dailymotion"),
    (("vimeo.com",), "vimeo"),
    (("mastodon.social", "mastodon.online", "framapiaf.org", "piaille.fr", "social.numerique.gouv.fr"), "mastodon"),
    (("framatube.org",), "peertube"),
)
_MASTODON_PATH = re.compile(r"^/@[A-Za-z0-9_.]+(@[A-Za-z0-9.-]+)?/?$")
_PEERTUBE_PATH = re.compile(r"^/(a|c|w|videos/watch|video-channels|accounts)/[^/]+")


def _host_matches(host, domains):
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def detect_network(url: str) -> str:
    """The network key of ``url`` ("" for an ordinary web site)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if not host:
        return ""
    for domains, key in _HOSTS:
        if _host_matches(host, domains):
            return key
    if host.startswith("gitlab."):
        return "gitlab"
    if _PEERTUBE_PATH.match(parts.path):
        return "peertube"
    if _MASTODON_PATH.match(parts.path):
        return "mastodon"
    return ""


def network_display(key: str):
    """``(label, icon class)`` of a network key."""
    label, icon = NETWORKS.get(key, (OTHER[1], OTHER[2]))
    return label, icon
