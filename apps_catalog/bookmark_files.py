"""The Netscape bookmark file format (what Firefox and Chrome export and import), read with the stdlib parser."""

from collections.abc import Iterator
from html import escape
from html.parser import HTMLParser


class _NetscapeParser(HTMLParser):
    """Collects ``<A HREF>`` links with their text; the enclosing ``<H3>`` folder name becomes the tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self._folders: list[str] = []
        self._pending_folder: str | None = None
        self._in_folder_title = False
        self._folder_title = ""
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = (dict(attrs).get("href") or "").strip()
            self._text = ""
        elif tag == "h3":
            self._in_folder_title, self._folder_title = True, ""
        elif tag == "dl":
            self._folders.append(self._pending_folder or "")
            self._pending_folder = None

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            folder = next((name for name in reversed(self._folders) if name), "")
            self.links.append((" ".join(self._text.split()), self._href, folder))
            self._href = None
        elif tag == "h3":
            self._in_folder_title = False
            self._pending_folder = " ".join(self._folder_title.split())
        elif tag == "dl" and self._folders:
            self._folders.pop()

    def handle_data(self, data):
        if self._href is not None:
            self._text += data
        elif self._in_folder_title:
            self._folder_title += data


def parse_netscape_bookmarks(content: str) -> Iterator[tuple[str, str, str]]:
    """Yield (name, url, folder) for each link of a bookmark export, in file order."""
    parser = _NetscapeParser()
    parser.feed(content)
    parser.close()
    yield from parser.links


HEADER = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
"""


def _link(bookmark, indent):
    added = int(bookmark.created_at.timestamp()) if bookmark.created_at else 0
    return f'{indent}<DT><A HREF="{escape(bookmark.url)}" ADD_DATE="{added}">{escape(bookmark.name)}</A>\n'


def render_netscape_bookmarks(bookmarks) -> str:
    """The bookmarks as a Netscape file; tags become folders (bookmarks without a tag stay at the top level)."""
    untagged, folders = [], {}
    for bookmark in bookmarks:
        if bookmark.tag:
            folders.setdefault(bookmark.tag, []).append(bookmark)
        else:
            untagged.append(bookmark)
    parts = [HEADER]
    for tag, members in folders.items():
        parts.append(f"    <DT><H3>{escape(tag)}</H3>\n    <DL><p>\n")
        parts.extend(_link(bookmark, "        ") for bookmark in members)
        parts.append("    </DL><p>\n")
    parts.extend(_link(bookmark, "    ") for bookmark in untagged)
    parts.append("</DL><p>\n")
    return "".join(parts)
