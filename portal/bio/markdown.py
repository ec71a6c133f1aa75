"""The biography's Markdown, rendered to safe HTML: raw HTML is not interpreted, then nh3 keeps safe tags only."""

from markdown_it import MarkdownIt

from portal.core.sanitize import sanitize_html

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def render_markdown(text: str) -> str:
    if not text:
        return ""
    return sanitize_html(_renderer.render(text))
