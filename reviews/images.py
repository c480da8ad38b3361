"""Uploaded images: checked on the way in, cleaned before they are stored, served at a few widths.

An upload must be a real JPEG, PNG or WebP (or AVIF where this Pillow reads it), no larger than
``IMAGE_MAX_BYTES`` and ``IMAGE_MAX_PIXELS``. Anything else — a renamed text file, an SVG, a
file cut off half-way, a small file that claims enormous dimensions — is refused with a message
that says what is wrong, before anything is written to storage.

What is stored has its EXIF orientation applied and then every piece of metadata dropped (camera,
GPS position, XMP, comments); the colour profile is kept so colours do not shift.

Renditions are made once, when the image is saved, at ``IMAGE_RENDITION_WIDTHS`` (never wider
than the original, never cropped) in WebP and in the original's format. Their names derive from
the original's, so a page can point at them without asking storage::

    articles/still.jpg  →  renditions/articles/still-800w.jpg
                           renditions/articles/still-800w.webp

``manage.py regenerate_renditions`` rebuilds them all, e.g. after the widths change.
"""

import io
import posixpath
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from PIL import Image, ImageOps, UnidentifiedImageError, features

# Pillow format name → (file extension, MIME type). Order is the order editors are told.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
if features.check("avif"):
    FORMATS["AVIF"] = ("avif", "image/avif")

SAVE_OPTIONS = {
    "JPEG": {"quality": 88, "optimize": True, "progressive": True},
    "PNG": {"optimize": False},
    "WEBP": {"quality": 82, "method": 4},
    "AVIF": {"quality": 70},
}
RENDITIONS_FOLDER = "renditions"
SVG_MARKERS = (b"<svg", b"<?xml", b"<!doctype svg")


def max_bytes():
    return getattr(settings, "IMAGE_MAX_BYTES", 15 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "IMAGE_MAX_PIXELS", 40_000_000)


def rendition_widths():
    return sorted(getattr(settings, "IMAGE_RENDITION_WIDTHS", (480, 800, 1200, 1600)))


def accepted_formats_text():
    names = [{"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "AVIF": "AVIF"}[f] for f in FORMATS]
    return ", ".join(names[:-1]) + " or " + names[-1]


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return FORMATS[self.format][0]


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.0f}" if pixels >= 10_000_000 else f"{pixels / 1_000_000:.1f}"


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params or None)


def _open(file):
    """``Image.open`` with IMAGE_MAX_PIXELS as the only size limit that matters: Pillow's own
    (which only warns below twice its limit) is silenced, and :func:`inspect_image` checks the
    real dimensions against ours. Far beyond its limit Pillow still refuses to open a file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(file)


def inspect_image(file):
    """Check an upload is an image we accept and return its :class:`ImageInfo`.

    Raises ``ValidationError`` naming the problem. Reads the whole file (decoding it is the
    only way to know it is complete) and leaves it rewound.
    """
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes():
        _refuse(
            "This file is %(size)s; images can be at most %(limit)s. "
            "Export it smaller or more compressed and upload it again.",
            "too_large",
            size=filesizeformat(size),
            limit=filesizeformat(max_bytes()),
        )
    file.seek(0)
    head = file.read(1024).lstrip().lower()
    file.seek(0)
    if any(marker in head for marker in SVG_MARKERS):
        _refuse(
            "SVG drawings are not accepted: they can carry scripts. Upload a %(formats)s instead.",
            "svg",
            formats=accepted_formats_text(),
        )
    try:
        image = _open(file)
    except Image.DecompressionBombError:
        _refuse(
            "This image declares far more pixels than the limit of %(limit)s megapixels "
            "(a “decompression bomb”), so it was not opened.",
            "decompression_bomb",
            limit=_megapixels(max_pixels()),
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        _refuse(
            "This file is not an image that can be read. Upload a %(formats)s.",
            "not_an_image",
            formats=accepted_formats_text(),
        )
    with image:
        if image.format not in FORMATS:
            _refuse(
                "%(kind)s images are not accepted. Upload a %(formats)s.",
                "unsupported_type",
                kind=image.format or "This kind of",
                formats=accepted_formats_text(),
            )
        width, height = image.size
        if width * height > max_pixels():
            _refuse(
                "This image is %(width)s × %(height)s pixels (%(mp)s megapixels); the limit "
                "is %(limit)s megapixels. Scale it down and upload it again.",
                "too_many_pixels",
                width=f"{width:,}",
                height=f"{height:,}",
                mp=_megapixels(width * height),
                limit=_megapixels(max_pixels()),
            )
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, EOFError):
            _refuse(
                "This image file is incomplete or damaged (it may have been cut off while "
                "uploading or exporting). Export it again and upload the new file.",
                "truncated",
            )
        info = ImageInfo(image.format, width, height)
    file.seek(0)
    return info


def _without_metadata(image, image_format):
    """The pixels with orientation applied; keyword arguments that save only what is needed."""
    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    upright = ImageOps.exif_transpose(image)
    # exif_transpose keeps the rest of the EXIF block; start from an empty info instead.
    upright.info = {}
    options = dict(SAVE_OPTIONS[image_format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    if transparency is not None and image_format == "PNG":
        options["transparency"] = transparency
    if image_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    return upright, options


def clean_image(file):
    """Check ``file`` and return ``(ContentFile, ImageInfo)``: the upright image re-encoded in
    its own format with its metadata removed."""
    info = inspect_image(file)
    with _open(file) as image:
        image.load()
        upright, options = _without_metadata(image, info.format)
        buffer = io.BytesIO()
        upright.save(buffer, format=info.format, **options)
        info = ImageInfo(info.format, *upright.size)
    file.seek(0)
    return ContentFile(buffer.getvalue()), info


# Forms and model fields -----------------------------------------------------------------------


class ImageUploadField(forms.FileField):
    """A file input that accepts only images :func:`inspect_image` passes."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(mime for _, mime in FORMATS.values())
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        upload.image_info = inspect_image(upload)
        return upload


class CleanImageField(models.ImageField):
    """An ImageField whose uploads are checked, stripped of metadata before storage, and given
    renditions once stored. Put ``width_field``/``height_field`` after it in the model so the
    stored (upright) dimensions are the ones saved."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        fresh = bool(file) and not file._committed
        if fresh:
            content, info = clean_image(file.file)
            stem = posixpath.splitext(posixpath.basename(file.name))[0] or "image"
            # Named, so the dimensions Django reads back from it are the upright ones.
            file.name = content.name = f"{stem}.{info.extension}"
            file.file = content
        file = super().pre_save(model_instance, add)
        if fresh:
            ensure_renditions(file)
        return file


# Renditions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    mime: str


def dimensions(fieldfile):
    """(width, height) of a stored image, from the model's dimension fields when it has them
    (no storage access), else from the file. ``None`` when the file cannot be read."""
    field = fieldfile.field
    instance = fieldfile.instance
    if field.width_field and field.height_field:
        width = getattr(instance, field.width_field)
        height = getattr(instance, field.height_field)
        if width and height:
            return width, height
    try:
        return fieldfile.width, fieldfile.height
    except (OSError, ValueError, TypeError):
        return None


def rendition_formats(name):
    """The formats renditions are made in: WebP, and the original's own when it differs."""
    extension = posixpath.splitext(name)[1].lower().lstrip(".")
    by_extension = {ext: fmt for fmt, (ext, _) in FORMATS.items()} | {"jpeg": "JPEG"}
    own = by_extension.get(extension, "JPEG")
    return ["WEBP"] if own == "WEBP" else ["WEBP", own]


def plan_renditions(name, width, height):
    """Every rendition of the image ``name`` of the given size, smallest first per format."""
    widths = rendition_widths()
    chosen = [w for w in widths if w < width]
    if width <= widths[-1]:
        chosen.append(width)  # the original size, re-encoded small; never upscaled
    stem = posixpath.splitext(name)[0]
    return [
        Rendition(
            name=f"{RENDITIONS_FOLDER}/{stem}-{w}w.{FORMATS[fmt][0]}",
            width=w,
            height=max(1, round(height * w / width)),
            mime=FORMATS[fmt][1],
        )
        for fmt in rendition_formats(name)
        for w in chosen
    ]


def _for_format(image, image_format):
    if image_format == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def ensure_renditions(fieldfile, *, force=False):
    """Make the renditions of a stored image that do not exist yet (all of them with
    ``force``). Returns how many were written."""
    if not fieldfile:
        return 0
    size = dimensions(fieldfile)
    if size is None:
        return 0
    storage = fieldfile.storage
    wanted = plan_renditions(fieldfile.name, *size)
    missing = [r for r in wanted if force or not storage.exists(r.name)]
    if not missing:
        return 0
    with storage.open(fieldfile.name, "rb") as source, _open(source) as original:
        original.load()
        upright = ImageOps.exif_transpose(original)
        for rendition in missing:
            image_format = next(f for f, (_, mime) in FORMATS.items() if mime == rendition.mime)
            resized = _for_format(upright, image_format).resize(
                (rendition.width, rendition.height), Image.Resampling.LANCZOS, reducing_gap=3.0
            )
            buffer = io.BytesIO()
            resized.save(buffer, format=image_format, **SAVE_OPTIONS[image_format])
            if storage.exists(rendition.name):
                storage.delete(rendition.name)
            storage.save(rendition.name, ContentFile(buffer.getvalue()))
    return len(missing)


def image_fields():
    """Every (model, field) pair that stores cleaned images, for the regeneration command."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, CleanImageField)
    ]


# HTML -----------------------------------------------------------------------------------------


def _srcset(storage, renditions):
    return ", ".join(f"{storage.url(r.name)} {r.width}w" for r in renditions)


def responsive_image_html(
    fieldfile, alt, *, sizes="100vw", loading="lazy", fetchpriority="", css_class=""
):
    """``<picture>`` with a WebP source and an ``<img>`` in the original format, both with
    ``srcset``/``sizes``, and the intrinsic ``width``/``height`` so the page does not jump
    as it loads. ``loading="eager"`` is for the image at the top of a page."""
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
    width, height = size
    renditions = plan_renditions(fieldfile.name, width, height)
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
