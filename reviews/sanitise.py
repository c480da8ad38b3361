"""The one place where user-written HTML is made safe.

Everything the site outputs with ``|safe`` (an essay's ``body_html``, a person's ``bio_html``,
a comment's ``body_html``) has been through one of the cleaners below when it was saved. They
are built on bleach with an allowlist: a tag, attribute or URL scheme not named here is removed
(tags are stripped, their text kept).
"""

import bleach
from bleach.linkifier import Linker

ESSAY_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
        "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "u", "ul",
    }
)  # fmt: skip
ESSAY_ATTRIBUTES = {
    "*": ["id", "class", "title", "lang", "dir"],
    "a": ["href", "rel", "role", "rev"],
    "abbr": ["title"],
    "img": ["src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"],
    "ol": ["start", "reversed"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align", "scope"],
    "blockquote": ["cite"],
    "q": ["cite"],
}
PROTOCOLS = frozenset({"http", "https", "mailto"})

COMMENT_TAGS = frozenset(
    {"a", "p", "br", "em", "strong", "i", "b", "code", "pre", "blockquote", "span", "del"}
)
COMMENT_ATTRIBUTES = {"a": ["href", "rel"], "span": ["class"]}
COMMENT_REL = "nofollow ugc noopener"


def clean_essay_html(html):
    """Sanitise HTML rendered from an editor's Markdown."""
    return bleach.clean(
        html,
        tags=ESSAY_TAGS,
        attributes=ESSAY_ATTRIBUTES,
        protocols=PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def _comment_rel(attrs, new=False):
    attrs[(None, "rel")] = COMMENT_REL
    return attrs


def clean_comment_html(html):
    """Sanitise HTML rendered from a reader's comment. Links are marked as user-generated and
    not endorsed, and bare URLs become such links too."""
    cleaned = bleach.clean(
        html,
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        protocols=PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return Linker(callbacks=[_comment_rel], skip_tags={"pre", "code"}).linkify(cleaned)


def strip_tags(html):
    """Plain text of a fragment, for excerpts, descriptions and word counts."""
    return bleach.clean(html, tags=set(), strip=True, strip_comments=True)
