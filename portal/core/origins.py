"""URL origins, without Django imports (the settings use them)."""

from urllib.parse import urlsplit


def origin_of(url: str) -> str:
    """``scheme://host:port`` of an absolute URL (a bare host is taken as https); empty when there is none."""
    parts = urlsplit(url if "//" in url else f"https://{url}")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def media_origins(media_url: str, storage_options: dict) -> list[str]:
    """Where media files are served from when they are not on this host (S3 bucket, CDN): the CSP's img-src."""
    candidates = (
        origin_of(media_url) if "//" in media_url else "",
        origin_of(storage_options.get("custom_domain") or ""),
        origin_of(storage_options.get("endpoint_url") or ""),
    )
    return [origin for origin in candidates if origin]
