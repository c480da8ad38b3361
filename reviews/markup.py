"""Markdown to safe HTML for essays and biographies.

Footnotes use Markdown's ``[^1]`` syntax and are linked both ways (reference ↔ note). The result
always passes through :mod:`reviews.sanitise`.
"""

import re
import threading

import markdown

from reviews.sanitise import clean_essay_html, text_of

EXTENSIONS = ["footnotes", "tables", "smarty", "sane_lists", "attr_list", "fenced_code"]
EXTENSION_CONFIGS = {
    "footnotes": {"BACKLINK_TITLE": "Back to reference %d", "SUPERSCRIPT_TEXT": "{}"},
    "smarty": {"smart_angled_quotes": False},
}
WORDS_PER_MINUTE = 230


def converter_per_thread(build):
    """A function giving this thread's Markdown converter, made by ``build()`` on first use
    and reset for each text. Building one (loading its extensions) costs as much as converting
    a short essay or many comments, and a converter holds state while it works, so threads
    cannot share one."""
    local = threading.local()

    def converter():
        md = getattr(local, "markdown", None)
        if md is None:
            md = local.markdown = build()
        return md.reset()

    return converter


_essay_converter = converter_per_thread(
    lambda: markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
)


def render_markdown(text):
    """Render an editor's Markdown to sanitised HTML."""
    return clean_essay_html(_essay_converter().convert(text or ""))


def plain_text(html_fragment):
    """Readable text of an HTML fragment: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", text_of(html_fragment)).strip()


def word_count(html_fragment):
    return len(plain_text(html_fragment).split())


def reading_minutes(words):
    return max(1, round(words / WORDS_PER_MINUTE))


def first_paragraph_excerpt(html_fragment, words=45):
    """The opening of the first paragraph, cut at a word boundary, footnote markers removed."""
    match = re.search(r"<p\b[^>]*>(.*?)</p>", html_fragment or "", flags=re.S)
    fragment = match.group(1) if match else html_fragment or ""
    fragment = re.sub(r"<sup\b.*?</sup>", "", fragment, flags=re.S)
    text = plain_text(fragment).split()
    if len(text) <= words:
        return " ".join(text)
    return " ".join(text[:words]).rstrip(",;:") + "…"


# Python-Markdown's smarty rules for a line of plain text (a title, a dek): "---" and "--" are
# em and en dashes, "..." an ellipsis, and a quote opens after a space, a bracket or a dash and
# closes (or is an apostrophe) everywhere else.
OPENS_AFTER = r"(^|[\s(\[{\u2014\u2013-])"


def smarten(text):
    """``text`` with typographic quotes, dashes and ellipses: "It's" → "It’s"."""
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
    text = re.sub(OPENS_AFTER + '"', "\\1\u201c", text).replace('"', "\u201d")
    text = re.sub(OPENS_AFTER + "'", "\\1\u2018", text).replace("'", "\u2019")
    return text
