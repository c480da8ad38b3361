"""What a reader typed, read the same way by every part of search: folded (no case, no
accents), split into words and "phrases", and highlighted in what is found."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Func, TextField
from django.utils.html import escape, format_html, format_html_join

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# Words too common to require (SQLite) or to highlight; PostgreSQL's english configuration
# drops them as well.
STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have",
        "in", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their", "then",
        "there", "these", "this", "to", "was", "were", "which", "who", "with",
    }
)  # fmt: skip
# Endings removed so that "directed" also finds and highlights "director" and "directs".
SUFFIXES = ("ing", "ed", "es", "s")
# Typographic quotes, which phones type for plain ones, and dashes other than the minus.
DOUBLE_QUOTES = frozenset("“”„‟〝〞ʺ")
OTHER_DASHES = frozenset("−˗")
# A minus that starts no word, as in "Cléo - Varda", is punctuation too.
LONE_MINUS = re.compile(r'-(?![\w"])')


@lru_cache(maxsize=4096)
def _fold_character(character):
    base = "".join(
        c for c in unicodedata.normalize("NFD", character) if not unicodedata.combining(c)
    )
    for candidate in (base.lower(), character.lower()):
        if len(candidate) == 1:
            return candidate
    return character


def fold(text):
    """``text`` in lower case without accents: "Cléo" → "cleo", "AGNÈS" → "agnes".

    One character for each character of ``text``, so that a match found in the folded text is
    at the same place in the original.
    """
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_character, text))


def register_sqlite_functions(sender=None, *, connection, **kwargs):
    """Give a new SQLite connection ``reviews_fold()``; connected to ``connection_created``."""
    # A connection not yet open is skipped: connection_created brings it back here when it opens.
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_function(
            "reviews_fold",
            1,
            lambda value: fold(value) if isinstance(value, str) else value,
            deterministic=True,
        )


class Folded(Func):
    """SQLite: a text column folded like :func:`fold`, to compare without case or accents."""

    function = "reviews_fold"
    output_field = TextField()


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False

    @property
    def stem(self):
        """The part of the word to look for. Phrases are looked for whole."""
        word = self.text.lower()
        if " " in word:
            return word
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word[: -len(suffix)]
        return word

    def pattern(self):
        """A regular expression for the term at the start of a word, in folded text."""
        parts = [re.escape(part) for part in fold(self.stem).split()]
        return r"(?<!\w)" + r"\s+".join(parts) + r"\w*"


class ReaderQuery:
    """What a reader typed, made safe to search with whatever it contains.

    Control characters are removed, compatibility characters folded (NFKC), the length capped.
    ``text`` is shown back to the reader; ``search_text`` is what is searched, with plain quotes
    and minus signs only where they are operators. ``terms`` are the words and "quoted
    phrases" to look for; a ``-`` at the start of a word excludes it.
    """

    def __init__(self, raw):
        text = unicodedata.normalize("NFKC", str(raw or "")[: MAX_QUERY_LENGTH * 4])
        text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
        self.text = " ".join(text.split())[:MAX_QUERY_LENGTH]
        self.search_text = self._plain_punctuation(self.text)
        self.terms = self._terms(self.search_text)[:MAX_TERMS]

    def __str__(self):
        return self.text

    def __bool__(self):
        return any(not term.negated for term in self.terms)

    @property
    def without_exclusions(self):
        return re.sub(r'(?:^|\s)-(?:"[^"]*"|\S+)', " ", self.search_text).strip()

    @property
    def wanted(self):
        return [term for term in self.terms if not term.negated]

    @property
    def unwanted(self):
        return [term for term in self.terms if term.negated]

    @staticmethod
    def _plain_punctuation(text):
        def plain(ch):
            if ch in DOUBLE_QUOTES:
                return '"'
            if ch in OTHER_DASHES or (ch != "-" and unicodedata.category(ch) == "Pd"):
                return " "
            return ch

        text = text if text.isascii() else "".join(map(plain, text))
        return " ".join(LONE_MINUS.sub(" ", text).split())

    @staticmethod
    def _terms(text):
        terms = []
        for phrase, word in re.findall(r'(-?"[^"]*")|(\S+)', text):
            token = phrase or word
            negated = token.startswith("-")
            words = re.findall(r"\w+", token)
            if phrase:
                if words:
                    terms.append(Term(" ".join(words), negated))
                continue
            # "Haim's" → "Haim": a lone letter left over from punctuation would find everything.
            words = [w for w in words if len(w) > 1] or words
            terms.extend(Term(w, negated) for w in words if w.lower() not in STOP_WORDS)
        return list(dict.fromkeys(terms))


def _pattern(terms):
    patterns = [term.pattern() for term in terms if not term.negated]
    return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


def highlight(text, terms):
    """``text`` escaped, with each word that starts like one of ``terms`` inside ``<mark>``."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(fold(text)):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", text[match.start() : match.end()]))
        position = match.end()
    pieces.append(escape(text[position:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))
