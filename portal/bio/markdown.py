"""The biography's Markdown, rendered to safe HTML: raw HTML is not interpreted, then nh3 keeps safe tags only."""

from markdown_it import MarkdownIt

from portal.core.sanitize import sanitize_html

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def render_markdown(text: str) -> str:
    if not text:
        return ""
    return sanitize_html(_renderer.render(text))


def markdown_to_text(text: str) -> str:
    """Plain text for the vCard's NOTE: the Markdown source without its HTML (nh3 strips every tag)."""
    import nh3

    return nh3.clean(text or "", tags=set()).strip()
