"""Avatars drawn here for commenters without a social picture: a symmetric 5×5 pattern in one
colour, chosen by a keyed hash of the commenter's identity (see ``Comment.identicon_digest``).
Nothing is fetched from anyone, and the hash gives no address away."""

import re

from django.utils.html import format_html, format_html_join

DIGEST = re.compile(r"^[0-9a-f]{20}$")
GRID = 5


def is_digest(value):
    return bool(DIGEST.match(value or ""))


def identicon_svg(digest):
    """An SVG image for a 20-hex-digit ``digest``."""
    bits = bin(int(digest, 16))[2:].zfill(len(digest) * 4)
    hue = int(digest[:3], 16) * 360 // 4096
    saturation = 45 + int(digest[3], 16) * 2
    colour = f"hsl({hue} {saturation}% 42%)"
    half = (GRID + 1) // 2
    cells = []
    for row in range(GRID):
        for column in range(half):
            if bits[8 + row * half + column] == "1":
                cells.append((column, row))
                if column != GRID - 1 - column:
                    cells.append((GRID - 1 - column, row))
    rects = format_html_join(
        "", '<rect x="{}" y="{}" width="1" height="1"/>', ((x + 1, y + 1) for x, y in cells)
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="48" '
        'height="48" shape-rendering="crispEdges"><rect width="{size}" height="{size}" '
        'fill="hsl({hue} 30% 92%)"/><g fill="{colour}">{rects}</g></svg>',
        size=GRID + 2,
        hue=hue,
        colour=colour,
        rects=rects,
    )
