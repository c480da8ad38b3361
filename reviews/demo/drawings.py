"""The demo's pictures: abstract drawings made with Pillow, never stills (those belong to their
makers). A work's "still" is a colour study in the shape of its frame, and an essay's hero
image draws the frame of the work it discusses, so the page shows at a glance how wide the
film is."""

from fractions import Fraction
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

# Wide enough for a full-width hero on a large screen; flat shapes scale up cleanly.
HERO_SIZE = (1200, 675)
HERO_GROUND = "#1c1a18"
STILL_WIDTH = 1200
# Bylines show portraits at about 40 px, author pages at 128 px: twice that covers sharp screens.
PORTRAIT_SIZE = 256


def ratio_value(aspect_ratio):
    width, height = aspect_ratio.split(":")
    return float(Fraction(width) / Fraction(height))


def draw_frame(size, ratio, ground, mark, *, backdrop=None):
    """PNG bytes: a ``ratio``-shaped colour field with a band and a disc in ``mark``, centred on
    ``backdrop`` when given (a hero image) or filling the canvas (a still)."""
    canvas = Image.new("RGB", size, backdrop or ground)
    draw = ImageDraw.Draw(canvas)
    width, height = size
    if backdrop:
        frame_w = min(width * 0.82, height * 0.78 * ratio)
        frame_h = frame_w / ratio
        left, top = (width - frame_w) / 2, (height - frame_h) / 2
        draw.rectangle([left, top, left + frame_w, top + frame_h], fill=ground)
    else:
        left, top, frame_w, frame_h = 0, 0, width, height
    band_top = top + frame_h * 0.62
    draw.rectangle([left, band_top, left + frame_w, band_top + frame_h * 0.06], fill=mark)
    radius = frame_h * 0.14
    cx, cy = left + frame_w * 0.3, top + frame_h * 0.38
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=mark)
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


def attach_image(instance, field_name, filename, make_bytes):
    """Give ``instance`` a generated image. Each demo picture is drawn from fixed data, so one
    already stored under the same name is the same picture: reuse it instead of piling up
    copies each time a fresh database loads the demo."""
    field = instance._meta.get_field(field_name)
    name = field.generate_filename(instance, filename)
    if field.storage.exists(name):
        setattr(instance, field_name, name)
    else:
        setattr(instance, field_name, ContentFile(make_bytes(), name=filename))


def draw_still(work, work_data):
    """Attach a work's still, drawn from its ``palette`` and aspect ratio."""
    palette, ratio = work_data["palette"], work_data["aspect_ratio"]
    size = (STILL_WIDTH, round(STILL_WIDTH / ratio_value(ratio)))
    attach_image(
        work,
        "poster",
        f"{work.slug}.png",
        lambda: draw_frame(size, ratio_value(ratio), palette["ground"], palette["mark"]),
    )
    work.poster_alt = (
        f"An abstract colour study in the {ratio} shape of the frame of {work.title}: a "
        f"{palette['ground_name']} field crossed by a {palette['mark_name']} band, with a "
        f"{palette['mark_name']} disc."
    )


def draw_hero(article, work_data):
    """Attach an essay's hero image: the frame of ``work_data``, the work it leads with."""
    palette, ratio, title = work_data["palette"], work_data["aspect_ratio"], work_data["title"]
    attach_image(
        article,
        "hero_image",
        f"{article.slug}.png",
        lambda: draw_frame(
            HERO_SIZE,
            ratio_value(ratio),
            palette["ground"],
            palette["mark"],
            backdrop=HERO_GROUND,
        ),
    )
    article.hero_alt = (
        f"A {palette['ground_name']} rectangle in the {ratio} proportions of {title}, crossed "
        f"by a {palette['mark_name']} band, centred on a near-black ground."
    )
    article.hero_caption = f"The shape of the frame: {title} ({work_data['year']}) at {ratio}."
    article.hero_credit = "Drawing made for the demo"


def draw_head(size, ground, mark):
    """PNG bytes: a square ``ground`` with a head and shoulders in ``mark``, flat shapes only."""
    canvas = Image.new("RGB", (size, size), ground)
    draw = ImageDraw.Draw(canvas)
    head = size * 0.19
    cx, cy = size / 2, size * 0.4
    draw.ellipse([cx - head, cy - head, cx + head, cy + head], fill=mark)
    draw.ellipse([size * 0.16, size * 0.66, size * 0.84, size * 1.3], fill=mark)
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


def draw_portrait(profile, author_data):
    """Attach an author's stand-in portrait, drawn from their ``palette``."""
    palette = author_data["palette"]
    attach_image(
        profile,
        "portrait",
        f"{profile.user.username}.png",
        lambda: draw_head(PORTRAIT_SIZE, palette["ground"], palette["mark"]),
    )
    profile.portrait_alt = (
        f"A drawing standing in for a portrait: a {palette['mark_name']} silhouette of head "
        f"and shoulders on {palette['ground_name']}."
    )
