"""The Nu HTML checker finds no error in the HTML the server sends for each page."""

import pytest

from tests.browser.conftest import ACCOUNT_PAGES, PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("name", PAGES + ACCOUNT_PAGES)
def test_page_is_valid_html(demo_site, nu_checker, name):
    status, content_type, html = demo_site.fetch(name)
    assert status == 200, f"{name} answered {status}"
    assert content_type.startswith("text/html")
    errors = nu_checker.errors(html)
    assert not errors, f"{name}:\n" + "\n".join(
        f"  line {m.get('lastLine', '?')}: {m['message']}  [{m.get('extract', '').strip()}]"
        for m in errors
    )
