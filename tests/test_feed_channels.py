"""A feed's channel description is escaped HTML, as its items' descriptions are."""

import pytest

from tests.factories import ArticleFactory, PersonFactory, SeriesFactory, TagFactory, WorkFactory
from tests.test_feeds import feed_url

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)>"


def subjects():
    return {
        "tag": lambda: TagFactory(name=HOSTILE, slug="hostile"),
        "work": lambda: WorkFactory(title=HOSTILE, slug="hostile"),
        "person": lambda: PersonFactory(name=HOSTILE, slug="hostile"),
        "series": lambda: SeriesFactory(title="S", description=HOSTILE, slug="hostile"),
    }


@pytest.mark.parametrize("kind", ["tag", "work", "person", "series"])
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_channel_descriptions_escape_editor_written_names(client, kind, fmt):
    subject = subjects()[kind]()
    link = {"tag": "tags", "work": "works", "person": "people", "series": "series"}[kind]
    ArticleFactory(**{link: [subject]} if kind != "series" else {"series": subject})
    body = client.get(feed_url(kind, fmt, slug="hostile")).content.decode()
    tag = "description" if fmt == "rss" else "subtitle"
    channel = body.split(f"<{tag}>", 1)[1].split(f"</{tag}>", 1)[0]
    # XML-escaped once by the feed writer, HTML-escaped once before: "&amp;lt;img".
    assert "&amp;lt;img" in channel
    assert "&lt;img" not in channel.replace("&amp;lt;img", "")
