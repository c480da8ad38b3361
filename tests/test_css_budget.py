"""An essay page loads at most 30 KB of CSS, compressed: Bootstrap is built with only the parts
the site uses (assets/scss/bootstrap.scss), and nothing else is linked that the page does not
need."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BUDGET = 30 * 1024
STYLESHEET = re.compile(r'<link rel="stylesheet" href="/static/([^"]+)">')


def test_an_essay_page_stays_within_the_css_budget(client):
    essay = ArticleFactory()

    content = client.get(essay.get_absolute_url()).content.decode()

    sheets = STYLESHEET.findall(content)
    assert "vendor/bootstrap/bootstrap.css" in sheets
    sizes = {}
    for name in sheets:
        path = finders.find(name)
        assert path, f"{name} is not built: run scripts/setup.sh"
        with open(path, "rb") as sheet:
            sizes[name] = len(gzip.compress(sheet.read(), compresslevel=9))
    assert sum(sizes.values()) <= BUDGET, sizes


def test_the_body_face_is_preloaded_and_every_face_is_self_hosted(client):
    content = client.get("/").content.decode()

    preloaded = re.findall(r'<link rel="preload" href="/static/([^"]+)" as="font"', content)
    assert "fonts/source-serif-4-latin-wght-normal.woff2" in preloaded
    for name in preloaded:
        assert finders.find(name), f"{name} is not built: run scripts/setup.sh"
    with open(finders.find("css/site.css"), encoding="utf-8") as sheet:
        css = sheet.read()
    assert "font-display: swap" in css
    assert not re.search(r"url\((['\"]?)(https?:)?//", css), "a font or image from another site"
