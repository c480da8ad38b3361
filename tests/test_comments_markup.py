"""A comment's text becomes a small, safe piece of HTML once, when it is saved."""

import pytest

from comments.markup import count_links, render_comment
from tests.factories import CommentFactory


class TestCommentMarkup:
    def test_emphasis_code_and_quotes_are_rendered(self):
        html = render_comment("> She said *no*.\n\nIt is **the** `shot`.")
        assert "<blockquote>" in html
        assert "<em>no</em>" in html
        assert "<strong>the</strong>" in html
        assert "<code>shot</code>" in html

    def test_links_written_or_bare_are_marked_user_generated(self):
        html = render_comment("[the trailer](https://example.org/t) and https://example.com/x")
        assert html.count('rel="nofollow ugc noopener"') == 2
        assert count_links("[a](https://a.example) https://b.example") == 2

    def test_raw_html_and_script_stay_text(self):
        html = render_comment('<script>alert("x")</script><img src=x onerror=alert(1)> <b>hi</b>')
        assert "<script" not in html
        assert "<img" not in html
        assert "<b>" not in html
        assert "&lt;script&gt;" in html

    def test_javascript_links_lose_their_address(self):
        html = render_comment("[click](javascript:alert(1))")
        assert "javascript:" not in html

    def test_headings_lists_and_images_are_not_interpreted(self):
        html = render_comment("# Title\n- item\n![poster](https://example.org/p.jpg)")
        assert "<h1" not in html and "<li" not in html and "<img" not in html
        assert "# Title" in html and "- item" in html

    def test_inline_and_line_spoilers_are_marked(self):
        html = render_comment("The sled is ||Rosebud||.\n\n>! He dies at the end.")
        assert '<span class="spoiler">Rosebud</span>' in html
        assert '<span class="spoiler">He dies at the end.</span>' in html

    def test_a_spoiler_may_hold_emphasis(self):
        assert '<span class="spoiler">the <em>sled</em></span>' in render_comment("||the *sled*||")


@pytest.mark.django_db
class TestRenderedOnSave:
    def test_body_html_and_spoiler_flag_follow_the_body(self):
        comment = CommentFactory(body="Plain words.")
        assert comment.body_html == "<p>Plain words.</p>"
        assert not comment.contains_spoilers
        comment.body = "Now with a ||secret||."
        comment.save(update_fields=["body"])
        comment.refresh_from_db()
        assert 'class="spoiler"' in comment.body_html
        assert comment.contains_spoilers

    def test_identity_is_the_account_or_the_normalised_email(self, user):
        assert CommentFactory(author_email=" Ann@Example.ORG ").identity == "email:ann@example.org"
        assert CommentFactory(user=user).identity == f"user:{user.pk}"
