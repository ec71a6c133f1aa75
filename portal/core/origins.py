"""URL origins, without Django imports (the settings use them)."""

from urllib.parse import urlsplit


def origin_of(url: str) -> str:
    """``scheme://host:port`` of an absolute URL (a bare host is taken as https); empty when there is none."""
    parts = urlsplit(url if "//" in url else f"https://{url}")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
