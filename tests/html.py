"""Checks on the shape of markup that parse it, so that attribute order, quoting and
whitespace do not decide a test.

For a whole element use pytest-django's ``assertInHTML`` (re-exported here). For an element
whose content is too long to spell out (a section, a figure), :func:`elements` finds it by tag
and attributes.

    assert elements(content, "section", id="comments", aria_labelledby="comments-title")
"""

from html.parser import HTMLParser

from pytest_django.asserts import assertInHTML

__all__ = ["assertInHTML", "elements"]


class _Finder(HTMLParser):
    def __init__(self, tag, wanted):
        super().__init__(convert_charrefs=True)
        self.tag, self.wanted, self.found = tag, wanted, []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == self.tag and all(
            _matches(name, value, attributes) for name, value in self.wanted.items()
        ):
            self.found.append(attributes)

    handle_startendtag = handle_starttag


def _matches(name, value, attributes):
    if name == "class":
        # One class among several is enough, in any order.
        return set(value.split()) <= set(attributes.get("class", "").split())
    return attributes.get(name) == value


def elements(html, tag, **attributes):
    """The attributes of every ``tag`` element in ``html`` carrying ``attributes``. A keyword
    names an attribute with ``_`` for ``-`` (``aria_labelledby``) and ``class_`` for ``class``;
    ``class_`` matches any element that has those classes."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attributes.items()}
    finder = _Finder(tag, wanted)
    finder.feed(html)
    finder.close()
    return finder.found
