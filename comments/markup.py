"""A reader's comment, from plain text to safe HTML.

Comments take a small part of Markdown — *emphasis*, **strong**, `code`, fenced code,
[links](https://example.org), > quotes — and spoilers, written inline as ``||Rosebud is the
sled||`` or as a whole line starting with ``>!``. Headings, lists, images and raw HTML are not
interpreted: they stay the text the reader typed. The result always passes through
:func:`reviews.sanitise.clean_comment_html`, which also turns bare URLs into links.
"""

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

from reviews.markup import converter_per_thread
from reviews.sanitise import clean_comment_html

SPOILER_CLASS = "spoiler"
_URL = re.compile(r"\bhttps?://", re.IGNORECASE)
_SPOILER_LINE = re.compile(r"^>!\s?(.*)$")
_UNUSED_BLOCKS = ("indent", "hashheader", "setextheader", "hr", "olist", "ulist", "reference")
_UNUSED_INLINE = (
    "html",
    "image_link",
    "image_reference",
    "short_image_ref",
    "reference",
    "short_reference",
)


class _SpoilerLines(Preprocessor):
    """``>! text`` lines become inline spoilers before ``>`` can make them quotes."""

    def run(self, lines):
        out = []
        for line in lines:
            match = _SPOILER_LINE.match(line)
            out.append(f"||{match.group(1)}||" if match and match.group(1).strip() else line)
        return out


class _Spoiler(InlineProcessor):
    def handleMatch(self, m, data):
        element = etree.Element("span")
        element.set("class", SPOILER_CLASS)
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class _CommentMarkdown(markdown.Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.preprocessors.register(_SpoilerLines(md), "spoiler_lines", 40)
        for name in _UNUSED_BLOCKS:
            md.parser.blockprocessors.deregister(name)
        for name in _UNUSED_INLINE:
            md.inlinePatterns.deregister(name)
        # Above emphasis, so a spoiler may hold *emphasis* and links.
        md.inlinePatterns.register(_Spoiler(r"\|\|(.+?)\|\|", md), "spoiler", 185)


_comment_converter = converter_per_thread(
    lambda: markdown.Markdown(extensions=[_CommentMarkdown(), "fenced_code", "nl2br"])
)


def render_comment(text):
    """Render a reader's comment to sanitised HTML."""
    return clean_comment_html(_comment_converter().convert(text or ""))


def count_links(text):
    """Links in the comment, written ones and bare URLs alike — including addresses the linker
    does not recognise, since a spammer's domain need not be on its list."""
    return max(render_comment(text).count("<a "), len(_URL.findall(text or "")))


def has_spoilers(html):
    """Whether a comment rendered by :func:`render_comment` hides a spoiler."""
    return f'class="{SPOILER_CLASS}"' in html


def find_word(words, texts):
    """The first listed word or phrase found in ``texts``, matched case-insensitively and as a
    whole word wherever the entry begins or ends with a letter or digit."""
    haystack = "\n".join(texts).lower()
    for word in words:
        pattern = re.escape(word)
        if word[:1].isalnum():
            pattern = r"(?<!\w)" + pattern
        if word[-1:].isalnum():
            pattern += r"(?!\w)"
        if re.search(pattern, haystack):
            return word
    return None
