"""Markdown to safe HTML: one renderer for the article page, the editor's preview, the feeds and the API.

markdown-it-py (CommonMark, tables, strikethrough) renders; raw HTML in the Markdown is allowed through the parser
and then cleaned by nh3 with the portal's tag list (``portal.core.sanitize``): scripts, event handlers, styles,
``javascript:`` and ``data:`` addresses go; links get ``rel="nofollow noopener ugc"``. Headings move down one level
(the page's own title is the only ``h1``).
"""

import nh3
from markdown_it import MarkdownIt

from portal.core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

LINK_REL = "nofollow noopener ugc"

_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)


def _shift_headings(tokens):
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 1, 6)
            token.tag = f"h{level}"


def render_markdown(text: str) -> str:
    """Sanitised HTML of the Markdown ``text`` (an empty string for empty text)."""
    if not text:
        return ""
    tokens = _markdown.parse(text)
    _shift_headings(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )
