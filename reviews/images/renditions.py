"""Renditions: the smaller copies of an image (and of its crop) that pages point at."""

import io
import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from reviews.images.checks import FORMATS, SAVE_OPTIONS, open_image
from reviews.images.crops import Crop, crop_box

RENDITIONS_FOLDER = "renditions"


def rendition_widths():
    return sorted(getattr(settings, "IMAGE_RENDITION_WIDTHS", (480, 800, 1200, 1600)))


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


def crop_of(fieldfile, size):
    """The :class:`CropBox` the editor chose for a stored image of ``size``, or ``None``."""
    field, instance = fieldfile.field, fieldfile.instance
    if not getattr(field, "crop_field", None):
        return None

    def setting(name, default):
        return getattr(instance, name) if name else default

    return crop_box(
        *size,
        setting(field.crop_field, Crop.ORIGINAL),
        setting(field.focus_x_field, 50),
        setting(field.focus_y_field, 50),
    )


def rendition_formats(name):
    """The formats renditions are made in: WebP, and the original's own when it differs."""
    extension = posixpath.splitext(name)[1].lower().lstrip(".")
    by_extension = {ext: fmt for fmt, (ext, _) in FORMATS.items()} | {"jpeg": "JPEG"}
    own = by_extension.get(extension, "JPEG")
    return ["WEBP"] if own == "WEBP" else ["WEBP", own]


def plan_renditions(name, width, height, crop=None):
    """Every rendition of the image ``name`` of the given size, cut to ``crop`` (a
    :class:`CropBox`) if there is one, smallest first per format."""
    marker = ""
    if crop is not None:
        width, height, marker = crop.width, crop.height, crop.marker
    widths = rendition_widths()
    chosen = [w for w in widths if w < width]
    if width <= widths[-1]:
        chosen.append(width)  # the original size, re-encoded small; never upscaled
    stem = posixpath.splitext(name)[0]
    return [
        Rendition(
            name=f"{RENDITIONS_FOLDER}/{stem}{marker}-{w}w.{FORMATS[fmt][0]}",
            width=w,
            height=max(1, round(height * w / width)),
            mime=FORMATS[fmt][1],
        )
        for fmt in rendition_formats(name)
        for w in chosen
    ]


def renditions_for(fieldfile):
    """The renditions a stored image needs at its present crop, or ``None`` when its size
    cannot be known."""
    size = dimensions(fieldfile)
    if size is None:
        return None
    return plan_renditions(fieldfile.name, *size, crop=crop_of(fieldfile, size))


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
    crop = crop_of(fieldfile, size)
    wanted = plan_renditions(fieldfile.name, *size, crop=crop)
    missing = [r for r in wanted if force or not storage.exists(r.name)]
    if not missing:
        return 0
    with storage.open(fieldfile.name, "rb") as stored, open_image(stored) as original:
        original.load()
        upright = ImageOps.exif_transpose(original)
        if crop is not None:
            upright = upright.crop(crop.bounds)
        # Each width is made in two formats, mostly from the same pixels: resized once per
        # width and mode. (``missing`` comes a format at a time, so one converted copy of the
        # full picture is held at once.)
        image_format, source, resized_by_size = None, None, {}
        for rendition in missing:
            wanted_format = next(f for f, (_, mime) in FORMATS.items() if mime == rendition.mime)
            if wanted_format != image_format:
                image_format, source = wanted_format, _for_format(upright, wanted_format)
            key = (rendition.width, rendition.height, source.mode)
            if key not in resized_by_size:
                resized_by_size[key] = source.resize(
                    key[:2], Image.Resampling.LANCZOS, reducing_gap=3.0
                )
            resized = resized_by_size[key]
            buffer = io.BytesIO()
            resized.save(buffer, format=image_format, **SAVE_OPTIONS[image_format])
            if storage.exists(rendition.name):
                storage.delete(rendition.name)
            storage.save(rendition.name, ContentFile(buffer.getvalue()))
    return len(missing)
