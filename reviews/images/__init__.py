"""Uploaded images: checked on the way in, cleaned before they are stored, served at a few widths.

An upload must be a real JPEG, PNG or WebP (or AVIF where this Pillow reads it), no larger than
``IMAGE_MAX_BYTES`` and ``IMAGE_MAX_PIXELS``. Anything else — a renamed text file, an SVG, a
file cut off half-way, a small file that claims enormous dimensions — is refused with a message
that says what is wrong, before anything is written to storage.

What is stored has its EXIF orientation applied and then every piece of metadata dropped (camera,
GPS position, XMP, comments); the colour profile is kept so colours do not shift.

Renditions are made once, when the image is saved, at ``IMAGE_RENDITION_WIDTHS`` (never wider
than the original) in WebP and in the original's format. Their names derive from the original's,
so a page can point at them without asking storage::

    articles/still.jpg  →  renditions/articles/still-800w.jpg
                           renditions/articles/still-800w.webp

A still is shown whole unless an editor chooses a crop: one of a few aspect ratios, cut around a
focal point. The stored original is never changed; the renditions are cut from it, and their
names carry the part of the frame they keep (left, top, width × height), so a new crop makes new
files instead of reusing the old ones::

    16:9 crop of a 1500 × 1000 still  →  renditions/articles/still-crop-0-78-1500x844-800w.jpg

When an image is replaced, its crop changed, or its owner deleted, the renditions (and the
replaced original) that nothing needs any more are deleted once the transaction commits, so a
save that is rolled back deletes nothing. ``manage.py regenerate_renditions`` rebuilds them all,
e.g. after the widths change; with ``--prune`` it also deletes every rendition no image needs.
"""

from reviews.images.checks import (
    FORMATS,
    ImageInfo,
    accepted_formats_text,
    clean_image,
    inspect_image,
    max_bytes,
    max_pixels,
)
from reviews.images.cleanup import discard_unused, image_fields, prune_renditions, stored_renditions
from reviews.images.crops import Crop, CropBox, crop_box, crop_field, focus_field
from reviews.images.fields import CleanImageField, ImageUploadField
from reviews.images.html import responsive_image_html
from reviews.images.renditions import (
    RENDITIONS_FOLDER,
    Rendition,
    crop_of,
    dimensions,
    ensure_renditions,
    plan_renditions,
    rendition_widths,
    renditions_for,
)

__all__ = [
    "FORMATS",
    "RENDITIONS_FOLDER",
    "CleanImageField",
    "Crop",
    "CropBox",
    "ImageInfo",
    "ImageUploadField",
    "Rendition",
    "accepted_formats_text",
    "clean_image",
    "crop_box",
    "crop_field",
    "crop_of",
    "dimensions",
    "discard_unused",
    "ensure_renditions",
    "focus_field",
    "image_fields",
    "inspect_image",
    "max_bytes",
    "max_pixels",
    "plan_renditions",
    "prune_renditions",
    "rendition_widths",
    "renditions_for",
    "responsive_image_html",
    "stored_renditions",
]
