import pytest

from reviews.markup import plain_text, render_markdown, word_count
from reviews.sanitise import VIDEO_HOSTS, clean_comment_html, clean_essay_html
from tests.factories import PersonFactory


class TestEssayHtmlKeepsWhatEssaysNeed:
    def test_headings_emphasis_links_quotes_lists_and_tables_survive(self):
        html = (
            "<h2>Act two</h2><p><em>slow</em> <strong>cuts</strong> "
            '<a href="https://example.org/interview">an interview</a></p>'
            "<blockquote><p>Quoted.</p></blockquote><ul><li>one</li></ul><ol><li>two</li></ol>"
            "<table><thead><tr><th>Film</th></tr></thead><tbody><tr><td>Vertigo</td></tr></tbody>"
            "</table>"
        )
        assert clean_essay_html(html) == html

    def test_footnotes_from_markdown_keep_their_links_both_ways(self):
        html = render_markdown("A claim.[^1]\n\n[^1]: The source.")
        assert 'href="#fn:1"' in html
        assert 'id="fnref:1"' in html
        assert 'href="#fnref:1"' in html
        assert 'class="footnote"' in html

    def test_one_essay_s_footnotes_never_reach_the_next(self):
        render_markdown("A claim.[^1]\n\n[^1]: The first essay's source.")
        html = render_markdown("No notes here.")
        assert "source" not in html and "footnote" not in html
        assert render_markdown("Another.[^1]\n\n[^1]: Its own.").count('id="fn:1"') == 1

    def test_figures_with_images_from_our_own_media_survive(self):
        html = (
            '<figure><picture><source type="image/webp" srcset="/media/renditions/a-480w.webp '
            '480w" sizes="100vw"><img src="/media/renditions/a-480w.jpg" alt="A pier" '
            'width="480" height="270" loading="lazy" decoding="async"></picture>'
            "<figcaption>The pier.</figcaption></figure>"
        )
        assert clean_essay_html(html) == html

    @pytest.mark.parametrize(
        "src",
        [
            "https://www.youtube-nocookie.com/embed/abcdefghijk",
            "https://player.vimeo.com/video/76979871",
        ],
    )
    def test_players_from_allowed_hosts_survive_lazily_loaded(self, src):
        html = clean_essay_html(f'<iframe src="{src}" title="Trailer"></iframe>')
        assert f'src="{src}"' in html
        assert "sandbox" not in html  # allowing scripts and same origin would void it anyway
        assert 'loading="lazy"' in html

    def test_youtube_players_are_moved_to_the_no_cookie_host(self):
        html = clean_essay_html('<iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe>')
        assert 'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in html

    def test_the_content_security_policy_frames_exactly_the_allowed_video_hosts(self, settings):
        # Settings cannot import the sanitiser, so the two lists are kept in step here.
        assert sorted(settings.SECURE_CSP["frame-src"]) == sorted(VIDEO_HOSTS)


class TestHostileInputDoesNotSurvive:
    @pytest.mark.parametrize(
        ("hostile", "expected"),
        [
            ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
            (
                '<img src="/media/a.jpg" onerror="alert(1)" alt="">',
                '<img src="/media/a.jpg" alt="">',
            ),
            ('<a href="javascript:alert(1)">click</a>', "<a>click</a>"),
            ('<a href="JaVaScRiPt:alert(1)">click</a>', "<a>click</a>"),
            ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "<a>x</a>"),
            ('<p style="background:url(javascript:alert(1))">styled</p>', "<p>styled</p>"),
            ("<style>body{display:none}</style><p>text</p>", "<p>text</p>"),
            (
                '<svg onload="alert(1)"><circle r="4"></circle><text>hi</text></svg><p>after</p>',
                "<p>after</p>",
            ),
            ("<math><mi>x</mi></math>ok", "ok"),
            ('<object data="x.swf"></object><embed src="x.swf">ok', "ok"),
            ('<form action="/"><input name="q"><button>go</button></form>', "go"),
            (
                '<iframe src="https://evil.example/embed/x">fallback</iframe><p>after</p>',
                "<p>after</p>",
            ),
            ('<iframe src="https://www.youtube.com.evil.example/embed/abcdefghijk"></iframe>', ""),
            ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', ""),
            ('<img src="https://tracker.example/pixel.gif" alt="">', ""),
            ('<img src="//tracker.example/media/pixel.gif">', ""),
            ('<img src="/media/../secret.png">', ""),
            ('<img src="data:image/png;base64,AAAA">', ""),
            ("<!-- a comment --><p>x</p>", "<p>x</p>"),
            ('<p onclick="alert(1)" id="intro">x</p>', '<p id="essay-intro">x</p>'),
        ],
    )
    def test_hostile_markup_is_removed(self, hostile, expected):
        assert clean_essay_html(hostile) == expected

    def test_a_srcset_pointing_elsewhere_is_dropped_while_our_src_stays(self):
        html = clean_essay_html(
            '<img src="/media/a.jpg" alt="" '
            'srcset="/media/a.jpg 1x, https://evil.example/b.jpg 2x">'
        )
        assert html == '<img src="/media/a.jpg" alt="">'

    def test_a_player_cannot_be_given_extra_powers(self):
        html = clean_essay_html(
            '<iframe src="https://player.vimeo.com/video/1" allow="camera; microphone" '
            'sandbox="allow-top-navigation" onload="x"></iframe>'
        )
        assert "camera" not in html
        assert "allow-top-navigation" not in html
        assert "onload" not in html

    def test_markdown_cannot_smuggle_html_in(self):
        html = render_markdown(
            '## Heading {: onclick="alert(1)" }\n\n<script>alert(1)</script>\n\n'
            "[link](javascript:alert(1))\n\n![pixel](https://tracker.example/p.gif)"
        )
        assert "alert" not in html
        assert "<h2>Heading</h2>" in html
        assert "tracker" not in html
        assert "<script" not in html


def test_comment_code_is_escaped_once_and_not_linkified():
    html = clean_comment_html("<p><code>a&lt;b https://example.org</code> https://example.com</p>")
    assert "<code>a&lt;b https://example.org</code>" in html
    assert 'href="https://example.com" rel="nofollow ugc noopener"' in html


def test_comment_link_with_unsafe_address_keeps_only_its_text():
    html = clean_comment_html('<p><a href="javascript:alert(1)">click</a> and more</p>')
    assert html == "<p>click and more</p>"


class TestPlainText:
    """The text behind word counts, summaries, descriptions and the search index."""

    @pytest.mark.parametrize(
        "fragment, text",
        [
            ("<p>One</p><p>two</p><ul><li>three</li><li>four</li></ul>", "One two three four"),
            ("<p>An <em>odd</em> turn and a <a href='/x'>link</a></p>", "An odd turn and a link"),
            ("Tom &amp; Jerry&nbsp;&mdash; &lt;b&gt; is text", "Tom & Jerry — <b> is text"),
            ("before<!-- an editor's note -->after", "beforeafter"),
            ("kept <!-- a comment left open", "kept"),
            ("5 < 6 & 7 > 4", "5 < 6 & 7 > 4"),
        ],
    )
    def test_tags_go_blocks_part_words_and_references_are_decoded(self, fragment, text):
        assert plain_text(fragment) == text

    def test_the_word_count_reads_each_paragraph_as_words_of_its_own(self):
        assert word_count(render_markdown("One two.\n\nThree four five.\n\n- six\n- seven")) == 7

    def test_decoded_markup_in_a_description_is_shown_as_text(self, client, db):
        person = PersonFactory(bio="Wrote &lt;script&gt;alert(1)&lt;/script&gt; as a joke.")
        response = client.get(person.get_absolute_url())
        assert b"<script>alert(1)" not in response.content
        assert b"&lt;script&gt;alert(1)" in response.content
