"""The XSS corpus in every rendered field of an article (title, summary, Markdown content, tag names, image alt
texts), rendered by Chromium on the public blog pages: no script runs, no event handler survives."""

from pathlib import Path

import pytest

from blog import services
from blog.models import Tag
from portal.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORPUS = Path("/work/shared/reference/xss-corpus.txt")
SPY = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = (...args) => { window.__xss.push(name + ":" + args.join(",")); };
}
"""
HANDLERS = """
() => [...document.querySelectorAll("*")].flatMap((element) =>
  [...element.attributes]
    .filter((attribute) => attribute.name.startsWith("on")
      || /^\\s*(javascript|data|vbscript):/i.test(attribute.value) && ["href", "src", "action", "formaction"].includes(attribute.name))
    .map((attribute) => element.tagName + " " + attribute.name + "=" + attribute.value))
"""


def _payloads():
    if not CORPUS.exists():
        pytest.skip(f"The XSS corpus is missing at {CORPUS}")
    return [line for line in CORPUS.read_text().splitlines() if line.strip()]


def test_the_xss_corpus_never_runs_on_the_blog(live_server, chromium):
    author = UserFactory(first_name="<img src=x onerror=alert(1)>", last_name="Auteur")
    slugs = []
    for number, payload in enumerate(_payloads()):
        tag, _created = Tag.objects.get_or_create(name=payload[:50].lower())
        article = services.create_article(
            author,
            title=f"{number} {payload}"[:200],
            summary=payload[:400],
            content=f'{payload}\n\n![{payload}](/static/x.png) [{payload}]({payload})\n\n<a href="{payload}">x</a>',
            publish=True,
        )
        article.tags.add(tag)
        slugs.append(article.slug)
    page = chromium.new_page()
    page.add_init_script(SPY)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = [f"/blog/?page={number}" for number in range(1, 5)] + [f"/blog/articles/{slug}/" for slug in slugs]
    urls += [f"/blog/tags/{tag.pk}/" for tag in Tag.objects.all()[:5]] + [
        "/blog/authors/",
        f"/blog/authors/{author.pk}/",
    ]
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_timeout(50)
        assert page.evaluate("window.__xss") == [], url
        assert page.evaluate(HANDLERS) == [], url
    assert dialogs == []
    # The checks themselves see an injection when there is one.
    # (on a blank page: the portal's Content Security Policy would block this injected handler as well)
    page.goto("about:blank")
    page.set_content("<a href='javascript:void(0)' onclick='x()'>x</a><img src=x onerror='alert(1)'>")
    page.wait_for_timeout(50)
    assert len(page.evaluate(HANDLERS)) == 3 and page.evaluate("window.__xss") == ["alert:1"]
