"""Essays keep only the classes and ids the site's own Markdown makes."""

from reviews.markup import render_markdown
from reviews.sanitise import clean_essay_html


def test_utility_classes_that_could_cover_the_page_are_dropped():
    html = clean_essay_html(
        '<a class="stretched-link position-fixed top-0 start-0 w-100 h-100" '
        'href="https://evil.example">x</a>'
    )
    assert "class" not in html
    assert 'href="https://evil.example"' in html


def test_an_essay_cannot_take_over_the_pages_own_ids():
    html = clean_essay_html('<div id="comments">fake</div><a href="#comments">go</a>')
    assert 'id="essay-comments"' in html
    assert 'href="#essay-comments"' in html
    assert 'id="comments"' not in html


def test_footnotes_keep_their_classes_and_ids():
    html = render_markdown("A claim.[^1]\n\n[^1]: The source.")
    assert 'id="fnref:1"' in html and 'id="fn:1"' in html
    assert 'class="footnote-ref"' in html and 'href="#fn:1"' in html
    assert 'class="footnote-backref"' in html and 'href="#fnref:1"' in html
    assert 'class="footnote"' in html


def test_figures_players_and_code_languages_keep_their_classes():
    html = clean_essay_html(
        '<figure class="essay-figure lead" id="figure-hall"><figcaption>'
        '<span class="credit">©</span></figcaption></figure>'
        '<pre><code class="language-python">x = 1</code></pre>'
    )
    assert '<figure class="essay-figure" id="figure-hall">' in html
    assert '<span class="credit">' in html
    assert '<code class="language-python">' in html


def test_an_editors_heading_id_is_prefixed_and_its_links_follow():
    html = render_markdown("## Ending {#ending}\n\n[Skip to the end](#ending)")
    assert 'id="essay-ending"' in html and 'href="#essay-ending"' in html
