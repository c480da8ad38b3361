"""The one place where user-written HTML is made safe.

Everything the site outputs with ``|safe`` (an essay's ``body_html``, a person's ``bio_html``,
a comment's ``body_html``) has been through one of the cleaners below when it was saved. They
are built on bleach with an allowlist: a tag, attribute or URL scheme not named here is removed
(tags are stripped, their text kept — except inside ``<script>``, ``<style>``, ``<svg>`` and the
like, whose content goes with them).

Essays may hold what an essay needs: headings, emphasis, links, quotes, lists, tables,
footnotes, figures with images from this site's own media (``MEDIA_URL``), and video players
from an allowlist of hosts (see ``VIDEO_EMBEDS``; the ``frame-src`` of the Content Security
Policy names the same hosts). For example::

    <iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" onload="…"></iframe>

becomes a lazily loaded ``www.youtube-nocookie.com`` player without the handler,
while an ``<img>`` or ``<iframe>`` pointing anywhere else is removed entirely.

Classes and ids are the page's own vocabulary, so an essay keeps only those its own Markdown
makes (footnotes, figures, players, code languages; see ``ESSAY_CLASSES`` and ``ESSAY_IDS``).
Any other class is dropped — utility classes could lay a full-page link over the site — and any
other id is prefixed with ``essay-`` (in-essay links to it follow), so ``id="comments"`` cannot
take over the page's own anchors.
"""

import re
import threading
from functools import partial
from html.parser import HTMLParser

import bleach
from bleach import html5lib_shim
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import BleachSanitizerFilter
from django.conf import settings

ESSAY_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
        "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s",
        "section", "small", "source", "span", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
# Removed together with everything inside them: their text is code, not prose.
DROP_WITH_CONTENT = frozenset(
    {
        "script", "style", "svg", "math", "template", "noscript", "object", "embed", "applet",
        "textarea", "select", "title", "xmp", "noembed", "noframes", "frameset", "frame",
    }
)  # fmt: skip
# Players readers may meet inside an essay. YouTube is always served from its no-cookie host.
VIDEO_EMBEDS = (
    re.compile(r"^https://www\.youtube-nocookie\.com/embed/[\w-]{6,32}(?:\?[\w=&;.%-]*)?$"),
    re.compile(r"^https://www\.youtube\.com/embed/[\w-]{6,32}(?:\?[\w=&;.%-]*)?$"),
    re.compile(r"^https://player\.vimeo\.com/video/\d{1,12}(?:\?[\w=&;.%-]*)?$"),
)
VIDEO_HOSTS = (
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
)
IFRAME_ALLOW = frozenset(
    {"autoplay", "encrypted-media", "fullscreen", "picture-in-picture", "web-share"}
)
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/avif"})
PROTOCOLS = frozenset({"http", "https", "mailto"})
ESSAY_CLASSES = frozenset(
    {"footnote", "footnote-ref", "footnote-backref", "essay-figure", "essay-video", "credit"}
)
CODE_LANGUAGE_CLASS = re.compile(r"^language-[\w+#.-]{1,30}$")
ESSAY_IDS = re.compile(r"^(?:fn|fnref\d*):[\w.-]{1,40}$|^figure-[\w-]{1,60}$")
ID_PREFIX = "essay-"


def is_own_media(url):
    """Whether ``url`` points into this site's uploaded media (and nowhere else)."""
    url = url.strip()
    media_url = settings.MEDIA_URL
    if not url.startswith(media_url) or "\\" in url:
        return False
    rest = url[len(media_url) :]
    return bool(rest) and not rest.startswith("/") and ".." not in rest.split("/")


def _own_srcset(value):
    candidates = [c.strip() for c in value.split(",") if c.strip()]
    return bool(candidates) and all(is_own_media(c.split()[0]) for c in candidates)


def _image_attribute(tag, name, value):
    if name == "src":
        return is_own_media(value)
    if name == "srcset":
        return _own_srcset(value)
    return name in {"alt", "width", "height", "loading", "decoding", "sizes", "class", "id"}


def _source_attribute(tag, name, value):
    if name == "srcset":
        return _own_srcset(value)
    if name == "type":
        return value in IMAGE_TYPES
    return name in {"sizes", "media"}


def _iframe_attribute(tag, name, value):
    if name == "src":
        return any(pattern.match(value) for pattern in VIDEO_EMBEDS)
    if name == "allow":
        return {token.strip() for token in value.split(";") if token.strip()} <= IFRAME_ALLOW
    return name in {"title", "width", "height", "allowfullscreen", "class"}


ESSAY_ATTRIBUTES = {
    "*": ["id", "class", "title", "lang", "dir"],
    "a": ["href", "rel", "role", "rev", "id", "class", "title", "lang"],
    "abbr": ["title"],
    "img": _image_attribute,
    "source": _source_attribute,
    "iframe": _iframe_attribute,
    "ol": ["start", "reversed", "id", "class"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align", "scope"],
    "blockquote": ["cite", "id", "class"],
    "q": ["cite"],
}


class _DropWithContent(html5lib_shim.Filter):
    """Before the allowlist runs: remove ``DROP_WITH_CONTENT`` elements and their insides."""

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            kind = token["type"]
            name = token.get("name")
            if name in DROP_WITH_CONTENT and kind == "StartTag":
                depth += 1
            elif name in DROP_WITH_CONTENT and kind == "EndTag":
                depth = max(0, depth - 1)
            elif depth == 0:
                yield token


class _EmbedsFilter(html5lib_shim.Filter):
    """After the allowlist: an image or player whose address was refused goes altogether, and
    the players that stay are lazy and cookie-free. They get no ``sandbox``: these players
    need both scripts and their own origin, and a sandbox allowing both is no sandbox at all
    (HTML validators reject it). What contains them is the host allowlist, the policy's
    ``frame-src``, a fixed ``allow`` list and a referrer policy."""

    def __iter__(self):
        skipping_iframe = False
        for token in super().__iter__():
            kind = token["type"]
            name = token.get("name")
            if skipping_iframe:
                if kind == "EndTag" and name == "iframe":
                    skipping_iframe = False
                continue
            attrs = token.get("data") if kind in ("StartTag", "EmptyTag") else None
            if name == "img" and attrs is not None and (None, "src") not in attrs:
                continue
            if name == "source" and attrs is not None and (None, "srcset") not in attrs:
                continue
            if name == "iframe" and kind == "StartTag":
                if (None, "src") not in attrs:
                    skipping_iframe = True
                    continue
                src = attrs[(None, "src")].replace(
                    "https://www.youtube.com/", "https://www.youtube-nocookie.com/", 1
                )
                attrs[(None, "src")] = src
                attrs[(None, "loading")] = "lazy"
                attrs[(None, "referrerpolicy")] = "strict-origin-when-cross-origin"
                attrs.setdefault((None, "title"), "Video")
                yield token
                skipping_iframe = True  # a player's fallback content is not essay text
                yield {"type": "EndTag", "name": "iframe", "namespace": None}
                continue
            yield token


def _own_id(value):
    return value if ESSAY_IDS.match(value) else f"{ID_PREFIX}{value}"


class _ClassesAndIdsFilter(html5lib_shim.Filter):
    """Last: keep the site's own classes and ids (see the module docstring)."""

    def __iter__(self):
        for token in super().__iter__():
            attrs = token.get("data") if token["type"] in ("StartTag", "EmptyTag") else None
            if attrs:
                classes = [
                    name
                    for name in attrs.get((None, "class"), "").split()
                    if name in ESSAY_CLASSES or CODE_LANGUAGE_CLASS.match(name)
                ]
                if classes:
                    attrs[(None, "class")] = " ".join(classes)  # in place: order is kept
                else:
                    attrs.pop((None, "class"), None)
                if attrs.get((None, "id")):
                    attrs[(None, "id")] = _own_id(attrs[(None, "id")])
                href = attrs.get((None, "href"), "")
                if href.startswith("#") and len(href) > 1:
                    attrs[(None, "href")] = "#" + _own_id(href[1:])
            yield token


class _EssayCleaner(bleach.Cleaner):
    def __init__(self):
        super().__init__(
            tags=ESSAY_TAGS,
            attributes=ESSAY_ATTRIBUTES,
            protocols=PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[_EmbedsFilter, _ClassesAndIdsFilter],
        )
        # The parser must see the dangerous elements as elements (not text) to drop them whole.
        self.parser = html5lib_shim.BleachHTMLParser(
            tags=ESSAY_TAGS | DROP_WITH_CONTENT,
            strip=True,
            consume_entities=False,
            namespaceHTMLElements=False,
        )

    def clean(self, text):
        if not text:
            return ""
        stream = _DropWithContent(source=self.walker(self.parser.parseFragment(text)))
        filtered = BleachSanitizerFilter(
            source=stream,
            allowed_tags=self.tags,
            attributes=self.attributes,
            strip_disallowed_tags=True,
            strip_html_comments=True,
            allowed_protocols=self.protocols,
        )
        for filter_class in self.filters:
            filtered = filter_class(source=filtered)
        return self.serializer.render(filtered)


COMMENT_TAGS = frozenset(
    {"a", "p", "br", "em", "strong", "i", "b", "code", "pre", "blockquote", "span", "del"}
)
COMMENT_ATTRIBUTES = {"a": ["href", "rel"], "span": ["class"]}
COMMENT_REL = "nofollow ugc noopener"


# A cleaner holds parser state while it works, so each thread keeps its own.
_cleaners = threading.local()


def _cleaner(name, build):
    cleaner = getattr(_cleaners, name, None)
    if cleaner is None:
        cleaner = build()
        setattr(_cleaners, name, cleaner)
    return cleaner


def clean_essay_html(html):
    """Sanitise HTML rendered from an editor's Markdown."""
    return _cleaner("essay", _EssayCleaner).clean(html)


def _comment_rel(attrs, new=False):
    if not attrs.get((None, "href")):
        # The cleaner dropped an unsafe address (javascript: and the like): keep only the text,
        # since an <a> without href would be a dead, invalid link.
        return None
    attrs[(None, "rel")] = COMMENT_REL
    return attrs


def clean_comment_html(html):
    """Sanitise HTML rendered from a reader's comment. Links are marked as user-generated and
    not endorsed, and bare URLs become such links too (except inside code)."""
    return _cleaner("comment", _comment_cleaner).clean(html)


def _comment_cleaner():
    # Linkifying inside the cleaner, in one pass: bleach's separate Linker escapes the text of
    # skipped tags a second time, so `a<b` in a code span would show as `a&lt;b`.
    return bleach.Cleaner(
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        protocols=PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[partial(LinkifyFilter, callbacks=[_comment_rel], skip_tags={"pre", "code"})],
    )


class _TextOf(HTMLParser):
    """Collects the text of a fragment. A block's start (a paragraph, a list item, a heading)
    separates words, as a browser's rendering would; other tags, comments and declarations
    leave nothing behind."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in html5lib_shim.HTML_TAGS_BLOCK_LEVEL:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)

    def close(self):
        # A comment left open runs to the end, as in a browser; the parser would give it back
        # as text.
        if self.rawdata.startswith("<!--"):
            self.rawdata = ""
        super().close()


def text_of(html):
    """The text of a fragment, with tags removed and character references decoded, for
    excerpts, descriptions, word counts and the search index. Nothing is sanitised here: the
    result is plain text, which templates escape like any other. The standard library's parser
    reads markup several times faster than bleach's, and this runs on every essay save, three
    times (word count, summary, search text)."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
