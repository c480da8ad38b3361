"""The HTML that shows a stored image at the right size for the reader's screen."""

from django.utils.html import format_html, format_html_join

from reviews.images.renditions import crop_of, dimensions, plan_renditions


def _srcset(storage, renditions):
    return ", ".join(f"{storage.url(r.name)} {r.width}w" for r in renditions)


def responsive_image_html(
    fieldfile, alt, *, sizes="100vw", loading="lazy", fetchpriority="", css_class=""
):
    """``<picture>`` with a WebP source and an ``<img>`` in the original format, both with
    ``srcset``/``sizes``, and the intrinsic ``width``/``height`` (of the crop, if the editor
    chose one) so the page does not jump as it loads. ``loading="eager"`` is for the image at
    the top of a page."""
    if not fieldfile:
        return ""
    storage = fieldfile.storage
    size = dimensions(fieldfile)
    lazy = loading != "eager"
    extra = {
        "loading": "lazy" if lazy else "",
        "decoding": "async" if lazy else "",
        "fetchpriority": fetchpriority,
        "class": css_class,
    }
    extra_attrs = format_html_join(
        "", ' {}="{}"', ((key, value) for key, value in extra.items() if value)
    )
    if size is None:
        return format_html('<img src="{}" alt="{}"{}>', fieldfile.url, alt, extra_attrs)
    crop = crop_of(fieldfile, size)
    renditions = plan_renditions(fieldfile.name, *size, crop=crop)
    # The shape shown is the crop's; without one, the whole image's.
    width, height = (crop.width, crop.height) if crop else size
    webp = [r for r in renditions if r.mime == "image/webp"]
    own = [r for r in renditions if r.mime != "image/webp"] or webp
    fallback = max((r for r in own if r.width <= 1200), key=lambda r: r.width, default=own[0])
    source = ""
    if own is not webp:
        source = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">', _srcset(storage, webp), sizes
        )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>'
        "</picture>",
        source,
        storage.url(fallback.name),
        _srcset(storage, own),
        sizes,
        width,
        height,
        alt,
        extra_attrs,
    )
