"""Every page fits a 320 px wide screen: nothing makes the reader scroll sideways."""

import pytest

from tests.browser.conftest import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NARROWEST = 320

# The outermost elements that stick out past the screen's right edge, to name in a failure.
OVERFLOWING = """width => {
    const sticksOut = el => el && el.getBoundingClientRect().right > width + 0.5;
    return [...document.body.querySelectorAll('*')]
        .filter(el => sticksOut(el) && !sticksOut(el.parentElement))
        .slice(0, 5)
        .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                   + ' (' + Math.round(el.getBoundingClientRect().right) + 'px)');
}"""


@pytest.fixture(scope="module")
def narrow_tab(browser, browser_context_args):
    """One narrow tab for every page (a context each would fetch the styles and fonts again)."""
    context = browser.new_context(
        **browser_context_args, viewport={"width": NARROWEST, "height": 640}
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def narrow_page(narrow_tab):
    narrow_tab.context.clear_cookies()
    return narrow_tab


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_320_pixel_screen(narrow_page, demo_site, name):
    response = demo_site.open(narrow_page, name)
    assert response.status == 200, f"{name} answered {response.status}"
    width = narrow_page.evaluate("document.documentElement.scrollWidth")
    culprits = narrow_page.evaluate(OVERFLOWING, NARROWEST) if width > NARROWEST else []
    assert width <= NARROWEST, f"{name} is {width}px wide; widest elements: {culprits}"
