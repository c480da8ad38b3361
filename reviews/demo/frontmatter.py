"""Markdown files that start with TOML front matter between ``+++`` lines (as Hugo writes them).

    +++
    slug = "jeanne-dielman-the-time-it-takes"
    tags = ["duration"]
    +++

    The most famous potatoes in cinema are peeled in real time. …

The format is our own, for the demo essays, so the parser is a few lines around ``tomllib``
rather than a dependency.
"""

import tomllib

FENCE = "+++"


def parse(text):
    """``(front matter as a dict, body)``. A file without front matter is all body."""
    first, _, rest = text.partition("\n")
    if first.strip() != FENCE:
        return {}, text
    lines = rest.split("\n")
    try:
        end = next(i for i, line in enumerate(lines) if line.strip() == FENCE)
    except StopIteration:
        raise ValueError("The front matter has no closing '+++' line.") from None
    front = tomllib.loads("\n".join(lines[:end]))
    # The blank line after the fence separates; it is not part of the body.
    return front, "\n".join(lines[end + 1 :]).lstrip("\n")


def read(path):
    """:func:`parse` a UTF-8 file."""
    return parse(path.read_text(encoding="utf-8"))
