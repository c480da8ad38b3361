"""axe-core finds no serious or critical accessibility problem on the pages readers and
moderators use, in the light and the dark colour scheme (their contrasts differ)."""

import pytest

from tests.browser.conftest import ACCOUNT_PAGES, PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# The rule sets check-site.sh runs: WCAG 2.0–2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")
# Resolves when every transition and animation that ends has ended (one that repeats forever,
# a spinner say, would never finish).
SETTLED = """Promise.all(document.getAnimations()
    .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
    .map(a => a.finished))"""


def axe_violations(page):
    """What axe-core (loaded into the page by the ``axe_page`` fixture) finds there now."""
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


@pytest.mark.parametrize("name", PAGES + ACCOUNT_PAGES)
def test_page_has_no_serious_accessibility_violations_in_either_colour_scheme(
    axe_page, demo_site, name
):
    # One load of the page for both schemes: its colours come from CSS media queries alone
    # (no script reads the scheme), which the browser applies again as soon as the emulated
    # scheme changes. Any colour with a transition then fades for a moment; once every
    # transition has finished, axe sees the dark page as a dark load shows it.
    response = demo_site.open(axe_page, name)
    assert response.status == 200, f"{name} answered {response.status}"
    found = {}
    for scheme in ("light", "dark"):
        axe_page.emulate_media(color_scheme=scheme)
        axe_page.evaluate(SETTLED)
        violations = [v for v in axe_violations(axe_page) if v["impact"] in BLOCKING]
        if violations:
            found[scheme] = describe(violations)
    assert not found, "\n".join(f"{name} ({scheme}):\n{text}" for scheme, text in found.items())
