"""Shortcodes: things an editor places in an essay's Markdown on a line of their own.

    [[image:opening-still]]     an image attached to the essay (by its name), as a figure
                                with caption and credit, at the right size for each screen
    [[video:https://youtu.be/…]] a YouTube or Vimeo player, from the address of the video

They are lifted out of the Markdown before it is converted (so Markdown cannot mangle an
address) and put back as HTML afterwards; the result goes through the sanitiser like the rest.
An image name that matches no attached image leaves nothing behind; the admin warns about it.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.utils.html import format_html

from reviews.images import responsive_image_html
from reviews.markup import render_markdown
from reviews.sanitise import clean_essay_html

# Browsers send text areas with CRLF line ends; "\r" counts as trailing space here.
SHORTCODE = re.compile(r"^[ \t]*\[\[(image|video):[ \t]*([^\]\s]+)[ \t]*\]\][ \t\r]*$", re.M)
PLACEHOLDER = "zzshortcode{}zz"
PLACEHOLDER_PARAGRAPH = re.compile(r"<p>zzshortcode(\d+)zz</p>")
YOUTUBE_ID = re.compile(r"[\w-]{6,32}")
FIGURE_SIZES = "(min-width: 52rem) 46rem, 100vw"


def image_names(markdown_text):
    """The image names the text places, in order."""
    return [value for kind, value in SHORTCODE.findall(markdown_text or "") if kind == "image"]


def video_embed_url(address):
    """The player address for a YouTube or Vimeo video page, or ``None``."""
    parts = urlsplit(address.replace("&amp;", "&"))
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in ("vimeo.com", "player.vimeo.com"):
        number = segments[-1] if segments else ""
        return f"https://player.vimeo.com/video/{number}" if number.isdigit() else None
    if host == "youtu.be":
        video_id = segments[0] if segments else ""
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if segments == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live"):
            video_id = segments[1]
        else:
            video_id = ""
    else:
        return None
    if not YOUTUBE_ID.fullmatch(video_id):
        return None
    return f"https://www.youtube-nocookie.com/embed/{video_id}"


def figure_html(image):
    """An attached image as a ``<figure>``: the picture, then caption and credit if any."""
    picture = responsive_image_html(image.image, image.alt, sizes=FIGURE_SIZES)
    caption = ""
    if image.caption or image.credit:
        credit = (
            format_html(' <span class="credit">{}</span>', image.credit) if image.credit else ""
        )
        caption = format_html("<figcaption>{}{}</figcaption>", image.caption, credit)
    return format_html(
        '<figure class="essay-figure" id="figure-{}">{}{}</figure>', image.key, picture, caption
    )


def video_html(address):
    src = video_embed_url(address)
    if not src:
        return ""
    return format_html(
        '<figure class="essay-video"><iframe src="{}" title="Video" width="560" height="315" '
        'allow="fullscreen; picture-in-picture" allowfullscreen></iframe></figure>',
        src,
    )


def render_essay(markdown_text, images, *, html=False):
    """Render an essay body. ``images`` maps names to attached images. With ``html`` the body
    is HTML already (an essay imported from WordPress) and is only sanitised.

    Returns ``(html, text_html)``: the page's HTML, and the same without figures and players
    (for word counts and excerpts, which are about the prose).
    """
    codes = []

    def lift(match):
        codes.append((match.group(1), match.group(2)))
        return "\n\n" + PLACEHOLDER.format(len(codes) - 1) + "\n\n"

    if html:
        # Each placeholder in a paragraph of its own, as Markdown would leave it.
        lifted = SHORTCODE.sub(lambda m: "<p>" + lift(m).strip() + "</p>", markdown_text or "")
        html = clean_essay_html(lifted)
    else:
        html = render_markdown(SHORTCODE.sub(lift, markdown_text or ""))
    text_html = PLACEHOLDER_PARAGRAPH.sub("", html)
    if not codes:
        return html, text_html

    def place(match):
        kind, value = codes[int(match.group(1))]
        if kind == "video":
            return video_html(value)
        image = images.get(value)
        return figure_html(image) if image is not None and image.image else ""

    return clean_essay_html(PLACEHOLDER_PARAGRAPH.sub(place, html)), text_html
