"""Essays imported from WordPress's theme test export — hostile markup, block-editor content,
threaded comments — make pages that axe-core and the Nu HTML checker find nothing wrong with."""

import io
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from reviews.models import Article, Series, Tag
from tests.browser.test_accessibility import BLOCKING, axe_violations, describe
from tests.wordpress_files import THEME_TEST_DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Two of the hardest: every HTML element in one post, and a long comment thread.
SLUGS = ["markup-html-tags-and-formatting", "template-comments"]


@pytest.fixture(scope="module")
def imported(demo_site, django_db_blocker):
    """The theme test data imported (and committed) beside the demo, removed afterwards."""
    models = [Article, Tag, Series, get_user_model()]
    with django_db_blocker.unblock():
        before = {model: set(model.objects.values_list("pk", flat=True)) for model in models}
        call_command(
            "import_wordpress", str(THEME_TEST_DATA), stdout=io.StringIO(), stderr=io.StringIO()
        )
        try:
            yield {slug: Article.objects.get(slug=slug).get_absolute_url() for slug in SLUGS}
        finally:
            for model in models:
                model.objects.exclude(pk__in=before[model]).delete()


@pytest.mark.parametrize("slug", SLUGS)
def test_imported_essay_has_no_serious_accessibility_violations(axe_page, demo_site, imported,
                                                                 slug):  # fmt: skip
    response = axe_page.goto(demo_site.url + imported[slug])
    assert response.status == 200
    violations = [v for v in axe_violations(axe_page) if v["impact"] in BLOCKING]
    assert not violations, f"{slug}:\n{describe(violations)}"


@pytest.mark.parametrize("slug", SLUGS)
def test_imported_essay_is_valid_html(demo_site, imported, nu_checker, slug):
    with urllib.request.urlopen(demo_site.url + imported[slug], timeout=30) as response:
        html = response.read()
    errors = nu_checker.errors(html)
    assert not errors, f"{slug}:\n" + "\n".join(
        f"  line {m.get('lastLine', '?')}: {m['message']}  [{m.get('extract', '').strip()}]"
        for m in errors
    )
