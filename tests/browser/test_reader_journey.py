"""A new reader can go essay → director → filmography → another essay → feed, by clicking."""

import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def assert_feed(page, href, expected_path):
    response = page.request.get(href)
    assert response.status == 200, f"{href} answered {response.status}"
    assert "xml" in response.headers["content-type"], response.headers["content-type"]
    root = ET.fromstring(response.body())
    assert root.tag in ("rss", "{http://www.w3.org/2005/Atom}feed")
    assert expected_path in response.text()


def test_reader_goes_from_an_essay_to_the_director_to_another_essay_and_its_feed(page, demo_site):
    page.goto(demo_site.page_url("home"))
    page.get_by_role("link", name=demo_site.titles["article"], exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_site.titles["article"])

    page.get_by_role("link", name="Paul Thomas Anderson", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/people/paul-thomas-anderson/$"))
    expect(page.get_by_role("heading", name="Filmography")).to_be_visible()
    person_feed = page.locator('a[type="application/rss+xml"]').first.get_attribute("href")

    page.get_by_role("link", name="There Will Be Blood", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/works/there-will-be-blood/$"))

    other = demo_site.titles["article-with-comments"]
    page.get_by_role("link", name=other, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(other)
    essay_path = demo_site.paths["article-with-comments"]
    assert page.url.endswith(essay_path)

    site_feed = page.get_by_role("link", name="RSS feed").first.get_attribute("href")
    assert_feed(page, demo_site.url + site_feed, essay_path)
    assert_feed(page, demo_site.url + person_feed, essay_path)
