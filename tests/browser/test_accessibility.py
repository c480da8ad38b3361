"""axe-core finds no serious or critical accessibility problem on the pages readers and
moderators use, in the light and the dark colour scheme (their contrasts differ)."""

import pytest

from tests.browser.conftest import ACCOUNT_PAGES, PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The rule sets check-site.sh runs: WCAG 2.0–2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")


def axe_violations(page, axe_source):
    page.evaluate(axe_source)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(result => result.violations)",
        AXE_TAGS,
    )


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {' '.join(node['target'])}: {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES + ACCOUNT_PAGES)
def test_page_has_no_serious_accessibility_violations(page, demo_site, axe_source, name, scheme):
    page.emulate_media(color_scheme=scheme)
    response = demo_site.open(page, name)
    assert response.status == 200, f"{name} answered {response.status}"
    violations = [v for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING]
    assert not violations, f"{name} ({scheme}):\n{describe(violations)}"
