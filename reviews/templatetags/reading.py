"""Template helpers for the reading pages: JSON-LD output, absolute addresses, the pull quote
set into an essay's text, and the little frame that shows a work's aspect ratio."""

import json
from fractions import Fraction
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from reviews.images import responsive_image_html
from reviews.markup import plain_text, smarten
from reviews.metadata import PageMeta, absolute_url
from reviews.models.works import ASPECT_RATIO, Credit

register = template.Library()

# The characters that could end a <script> element or open a comment inside one.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
VOID_ELEMENTS = frozenset({"br", "hr", "img", "wbr", "col", "source", "input", "meta", "link"})
PULL_QUOTE_AFTER = 3  # paragraphs of text before the pull quote, when the essay has them
FRAME_HEIGHT = 14


@register.simple_tag
def json_ld(data):
    """``<script type="application/ld+json">`` for ``data``. It is data, not code, so the
    content security policy does not need to allow it; the escapes keep text such as
    ``</script>`` in a title from ending the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def page_meta(context):
    """The ``meta`` a view built for its page; pages that build none (sign-in, comment pages)
    get the site's own card at their own address."""
    if meta := context.get("meta"):
        return meta
    request = context.get("request")
    return PageMeta(canonical=absolute_url(request.path) if request else "")


@register.filter
def absolute(path):
    """An absolute address on the public site for a path such as ``/essays/x/``."""
    return absolute_url(path) if path else ""


class _ParagraphEnds(HTMLParser):
    """Records where each top-level ``<p>`` of an HTML fragment ends."""

    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for line in text.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.depth = 0
        self.starts = []
        self.ends = []
        self.feed(text)
        self.close()

    def _offset(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag == "p" and self.depth == 0:
            self.starts.append(self._offset())
        if tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and tag == "p":
            self.ends.append(self._offset() + len("</p>"))


def _letters(text):
    """Only the letters and digits of ``text``, lower case: to find a quote in a paragraph
    whatever its quotes, dashes and spacing."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def pull_quote_position(body_html, quote):
    """Where the pull quote goes: after the third paragraph (or the last, in a short essay),
    moved further on, or back, when the paragraph it quotes is on either side of that place; a
    reader should not meet the same words twice in a row. ``None`` when nowhere fits."""
    paragraphs = _ParagraphEnds(body_html)
    ends = paragraphs.ends
    if not ends:
        return 0
    wanted = _letters(str(quote))
    quoted = {
        index
        for index, (start, end) in enumerate(zip(paragraphs.starts, ends, strict=False))
        if wanted and wanted in _letters(plain_text(body_html[start:end]))
    }
    preferred = min(len(ends), PULL_QUOTE_AFTER)
    # A cut after paragraph n (1-based) sits between paragraphs n - 1 and n (0-based).
    for after in sorted(range(1, len(ends) + 1), key=lambda n: (abs(n - preferred), -n)):
        if not quoted & {after - 1, after}:
            return ends[after - 1]
    return None


@register.filter
def typographic(text):
    """A title or dek with the curly quotes, dashes and ellipses its essay's body gets."""
    return smarten(str(text or ""))


@register.filter
def with_pull_quote(body_html, quote):
    """The essay's sanitised HTML with its pull quote set about the third paragraph, never
    next to the paragraph it quotes (see :func:`pull_quote_position`). The quote repeats the
    text, so assistive technology skips it."""
    cut = pull_quote_position(body_html, quote) if quote else None
    if cut is None:
        return mark_safe(body_html)  # body_html was sanitised when the essay was saved
    return format_html(
        '{}\n<blockquote class="pull-quote" aria-hidden="true"><p>{}</p></blockquote>{}',
        mark_safe(body_html[:cut]),
        quote,
        mark_safe(body_html[cut:]),
    )


@register.simple_tag
def frame(aspect_ratio):
    """A small outline in the shape of a work's frame, e.g. wide for 2.39:1, squarish for 4:3.
    Decorative: the ratio itself is always written next to it."""
    match = ASPECT_RATIO.match((aspect_ratio or "").strip())
    if not match:
        return ""
    width, height = (Fraction(part) for part in match.groups())
    if not width or not height:
        return ""
    frame_width = round(FRAME_HEIGHT * width / height)
    return format_html(
        '<svg class="frame" width="{w}" height="{h}" viewBox="0 0 {w} {h}" aria-hidden="true" '
        'focusable="false"><rect x="0.75" y="0.75" width="{iw}" height="{ih}" rx="1"/></svg>',
        w=frame_width,
        h=FRAME_HEIGHT,
        iw=frame_width - 1.5,
        ih=FRAME_HEIGHT - 1.5,
    )


@register.simple_tag
def picture(image, alt, sizes="100vw", loading="lazy", css_class=""):
    """A responsive ``<picture>`` for an uploaded image. ``loading="eager"`` for the image at
    the top of a page, which the browser should fetch first."""
    return responsive_image_html(
        image,
        alt,
        sizes=sizes,
        loading=loading,
        fetchpriority="high" if loading == "eager" else "",
        css_class=css_class,
    )


SITE_LABELS = {
    "www.wikidata.org": "Wikidata",
    "www.imdb.com": "IMDb",
    "letterboxd.com": "Letterboxd",
    "www.themoviedb.org": "TMDb",
}


@register.filter
def labelled_links(item):
    """``(label, url)`` for each of a person's or work's pages in public film databases."""
    return [(SITE_LABELS.get(urlsplit(url).hostname, url), url) for url in item.same_as_urls()]


@register.filter
def roles(person):
    """The roles a person is credited in, in the site's role order (from prefetched credits)."""
    credited = {credit.role for credit in person.credits.all()}
    return [role.label for role in Credit.Role if role in credited]


@register.filter
def iso_datetime(value):
    """A ``datetime`` attribute value: ISO 8601 to the second, which HTML accepts (it refuses
    the microseconds that ``|date:"c"`` writes)."""
    if not value:
        return ""
    return localtime(value).replace(microsecond=0).isoformat()
