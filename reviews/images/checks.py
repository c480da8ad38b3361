"""Upload checks: only real JPEG, PNG, WebP (or AVIF) files within the size limits get in,
and what is stored has its orientation applied and its metadata dropped."""

import io
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
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


SVG_MARKERS = (b"<svg", b"<?xml", b"<!doctype svg")


def max_bytes():
    return getattr(settings, "IMAGE_MAX_BYTES", 15 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "IMAGE_MAX_PIXELS", 40_000_000)


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


def open_image(file):
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
    with _checked_image(file) as image:
        return ImageInfo(image.format, *image.size)


@contextmanager
def _checked_image(file):
    """The image in ``file``, decoded, once it has passed every check; ``file`` is rewound
    afterwards. Raises ``ValidationError`` naming the problem."""
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
        image = open_image(file)
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
        try:
            yield image
        finally:
            file.seek(0)


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
    # Decoded once: the checks already load every pixel.
    with _checked_image(file) as image:
        upright, options = _without_metadata(image, image.format)
        buffer = io.BytesIO()
        upright.save(buffer, format=image.format, **options)
        info = ImageInfo(image.format, *upright.size)
    return ContentFile(buffer.getvalue()), info
