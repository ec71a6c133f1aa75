"""The XSS corpus in every text field of a bio card runs no script in Chromium (card, search, skill cloud, edit form).

Fields are written straight to the database (bypassing the form's checks) so that every payload reaches the pages;
any alert/confirm/prompt dialog fails the test.
"""

from pathlib import Path

import pytest
from django.test import Client

from portal.bio.factories import CardFactory, LinkFactory
from portal.bio.models import Skill
from portal.core.text import fold
from portal.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A copy of the team's shared corpus (shared/reference/xss-corpus.txt).
CORPUS = Path(__file__).resolve().parent.parent / "bio" / "xss-corpus.txt"


def _payloads():
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_xss_corpus_in_every_card_field_runs_no_script(live_server, chromium):
    payloads = _payloads()
    owner = UserFactory(username="xss.owner", first_name=payloads[0], last_name=payloads[1])
    card = CardFactory(
        user=owner,
        public_name="xss-owner",
        headline=payloads[2][:150],
        biography="\n\n".join(payloads),
    )
    skills = []
    for payload in payloads:
        name = payload[:40]
        skills.append(Skill.objects.get_or_create(folded=fold(name), defaults={"name": name})[0])
    card.skills.set(skills)
    for index, payload in enumerate(payloads[:20]):
        LinkFactory(card=card, label=payload[:80], url=f"https://exemple.fr/{index}", position=index)
    for index, payload in enumerate(payloads):
        CardFactory(
            public_name=f"xss-{index}",
            headline=payload[:150],
            user=UserFactory(first_name=payload[:150], last_name="X"),
        )

    client = Client()
    client.force_login(owner)
    context = chromium.new_context(locale="fr-FR")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/bio/xss-owner/", "/bio/", "/bio/?page=2", "/bio/?skills=all", "/bio/moi/", "/bio/?q=xss"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.locator("main").count() == 1, path
    assert dialogs == []
    context.close()
