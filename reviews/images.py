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

import io
import logging
import posixpath
import re
import warnings
from dataclasses import dataclass
from fractions import Fraction

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.signals import post_delete, post_init, post_save
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

logger = logging.getLogger(__name__)


class Crop(models.TextChoices):
    """The shapes an editor may cut a still to. Film people write ratios as width:height."""

    ORIGINAL = "", "Original (no crop)"
    SCOPE = "2.39:1", "2.39:1 (anamorphic widescreen)"
    FLAT = "1.85:1", "1.85:1 (flat widescreen)"
    WIDE = "16:9", "16:9 (television widescreen)"
    CLASSIC = "3:2", "3:2 (35 mm photograph)"
    ACADEMY = "4:3", "4:3 (Academy, early television)"
    SQUARE = "1:1", "1:1 (square)"
    UPRIGHT = "4:5", "4:5 (upright)"

    @property
    def ratio(self):
        """Width over height as a ``Fraction``; ``None`` for the original shape."""
        if not self.value:
            return None
        width, height = self.value.split(":")
        return Fraction(width) / Fraction(height)


CROP_HELP = (
    "The shape the picture is shown in. “Original” shows the whole frame; any other shape trims "
    "the picture around the focal point. The uploaded file itself is never changed."
)
FOCUS_X_HELP = "With a crop: what stays in view, from 0 (left edge) to 100 (right edge)."
FOCUS_Y_HELP = "With a crop: what stays in view, from 0 (top edge) to 100 (bottom edge)."


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


def crop_field():
    """A model field for the crop an editor chooses for an image (see :class:`Crop`)."""
    return models.CharField(
        "crop",
        max_length=10,
        choices=Crop,
        default=Crop.ORIGINAL,
        blank=True,
        help_text=CROP_HELP,
    )


def focus_field(axis):
    """A model field for one coordinate of the point a crop keeps in view, in per cent:
    ``axis`` is ``"x"`` (across) or ``"y"`` (down)."""
    across = axis == "x"
    return models.PositiveSmallIntegerField(
        "focal point across (%)" if across else "focal point down (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=FOCUS_X_HELP if across else FOCUS_Y_HELP,
    )


class CleanImageField(models.ImageField):
    """An ImageField whose uploads are checked, stripped of metadata before storage, and given
    renditions once stored. Put ``width_field``/``height_field`` after it in the model so the
    stored (upright) dimensions are the ones saved.

    ``crop_field``, ``focus_x_field`` and ``focus_y_field`` name the model's fields (made with
    :func:`crop_field` and :func:`focus_field`) that hold the editor's crop; renditions and
    pages follow it. When the file or its crop changes, or its object is deleted, the files
    nothing needs any more are deleted after the transaction commits (:func:`discard_unused`).
    """

    CROP_OPTIONS = ("crop_field", "focus_x_field", "focus_y_field")

    def __init__(self, *args, crop_field=None, focus_x_field=None, focus_y_field=None, **kwargs):
        self.crop_field = crop_field
        self.focus_x_field = focus_x_field
        self.focus_y_field = focus_y_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for option in self.CROP_OPTIONS:
            if getattr(self, option):
                kwargs[option] = getattr(self, option)
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember_stored, sender=cls)
            post_save.connect(self._after_save, sender=cls)
            post_delete.connect(self._after_delete, sender=cls)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def pre_save(self, model_instance, add):
        if not add and self._stored(model_instance) is None:
            # Loaded without this field, or built by hand: ask the database what it holds.
            self._remember(model_instance, self._state_in_database(model_instance))
        file = getattr(model_instance, self.attname)
        fresh = bool(file) and not file._committed
        if fresh:
            content, info = clean_image(file.file)
            stem = posixpath.splitext(posixpath.basename(file.name))[0] or "image"
            # Named, so the dimensions Django reads back from it are the upright ones.
            file.name = content.name = f"{stem}.{info.extension}"
            file.file = content
        return super().pre_save(model_instance, add)

    # What the database holds for the image: (file name, crop, focus across, focus down). Each
    # instance remembers it from loading, so a save can tell what it replaced.

    def _setting_names(self):
        return [name for name in (getattr(self, option) for option in self.CROP_OPTIONS) if name]

    def _state(self, instance):
        names = [self.attname, *self._setting_names()]
        values = vars(instance)
        if any(name not in values for name in names):
            return None  # deferred
        file = values[self.attname]
        return (getattr(file, "name", file) or "", *(values[name] for name in names[1:]))

    def _state_in_database(self, instance):
        if instance.pk is None:
            return None
        rows = type(instance)._base_manager.using(instance._state.db or DEFAULT_DB_ALIAS)
        state = rows.filter(pk=instance.pk).values_list(self.attname, *self._setting_names())
        state = state.first()
        return (state[0] or "", *state[1:]) if state else None

    def _stored(self, instance):
        return vars(instance).get("_stored_images", {}).get(self.attname)

    def _remember(self, instance, state):
        vars(instance).setdefault("_stored_images", {})[self.attname] = state

    def _remember_stored(self, instance, **kwargs):
        self._remember(instance, self._state(instance))

    def _after_save(self, sender, instance, created, raw, using, update_fields, **kwargs):
        if raw:
            return  # loading a fixture: its files are whatever the fixture's author put there
        own = {self.attname, self.width_field, self.height_field, *self._setting_names()}
        if update_fields is not None and not own & set(update_fields):
            return
        before, now = self._stored(instance), self._state(instance)
        self._remember(instance, now)
        if not created and before == now:
            return
        fieldfile = getattr(instance, self.attname)
        try:
            ensure_renditions(fieldfile)
        except (OSError, ValueError) as error:
            # The object is saved; the page falls back to smaller copies it can find.
            logger.warning("Could not make renditions of %s: %s", fieldfile.name, error)
        if not created and before and before[0]:
            self._discard_on_commit(before[0], using)

    def _after_delete(self, sender, instance, using, **kwargs):
        state = self._stored(instance) or self._state(instance)
        if state and state[0]:
            self._discard_on_commit(state[0], using)

    def _discard_on_commit(self, name, using):
        storage = self.storage
        transaction.on_commit(
            lambda: discard_unused(storage, name, using=using), using=using, robust=True
        )


# Renditions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class CropBox:
    """The part of a stored image that a crop keeps, in the image's pixels."""

    left: int
    top: int
    width: int
    height: int

    @property
    def bounds(self):
        return (self.left, self.top, self.left + self.width, self.top + self.height)

    @property
    def marker(self):
        """What rendition names carry, so that each crop has files of its own."""
        return f"-crop-{self.left}-{self.top}-{self.width}x{self.height}"


def _window_start(length, kept, focus):
    """Where ``kept`` pixels of a side ``length`` long start, centred on ``focus`` per cent as
    nearly as the edges allow."""
    start = round(length * (50 if focus is None else focus) / 100 - kept / 2)
    return min(max(0, start), length - kept)


def crop_box(width, height, crop, focus_x=50, focus_y=50):
    """The part of a ``width`` × ``height`` image that ``crop`` (a :class:`Crop` value) keeps
    around the focal point, as a :class:`CropBox`; ``None`` when nothing would be cut away."""
    try:
        ratio = Crop(crop or Crop.ORIGINAL).ratio
    except ValueError:  # a shape no longer offered: show the whole image
        return None
    if ratio is None:
        return None
    if Fraction(width, height) > ratio:  # wider than the shape: trim the sides
        kept = min(width, max(1, round(height * ratio)))
        box = CropBox(_window_start(width, kept, focus_x), 0, kept, height)
    else:
        kept = min(height, max(1, round(width / ratio)))
        box = CropBox(0, _window_start(height, kept, focus_y), width, kept)
    return None if (box.width, box.height) == (width, height) else box


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
    with storage.open(fieldfile.name, "rb") as source, _open(source) as original:
        original.load()
        upright = ImageOps.exif_transpose(original)
        if crop is not None:
            upright = upright.crop(crop.bounds)
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
    """Every (model, field) pair that stores cleaned images."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, CleanImageField)
    ]


# Deleting what nothing needs ------------------------------------------------------------------


def stored_renditions(storage, name):
    """The rendition files in ``storage`` cut from the image ``name``, at any width or crop."""
    folder, filename = posixpath.split(name)
    stem = posixpath.splitext(filename)[0]
    pattern = re.compile(rf"{re.escape(stem)}(?:-crop-\d+-\d+-\d+x\d+)?-\d+w\.[a-z]+")
    directory = posixpath.join(RENDITIONS_FOLDER, folder)
    try:
        files = storage.listdir(directory)[1]
    except FileNotFoundError:
        return []
    return [posixpath.join(directory, file) for file in files if pattern.fullmatch(file)]


def _all_stored_renditions(storage, folder=RENDITIONS_FOLDER):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield from (posixpath.join(folder, file) for file in files)
    for child in folders:
        yield from _all_stored_renditions(storage, posixpath.join(folder, child))


def _holders(storage, name, using):
    """The stored images (field files) of every object that uses the file ``name``."""
    return [
        getattr(obj, field.attname)
        for model, field in image_fields()
        if field.storage is storage
        for obj in model._base_manager.using(using).filter(**{field.name: name})
    ]


def _kept_for_history(name, using):
    # An essay's saved versions name their hero image; restoring one puts the file back in use.
    revisions = apps.get_model("reviews", "ArticleRevision")._default_manager
    return revisions.using(using).naming_hero_image(name).exists()


def discard_unused(storage, name, *, using=DEFAULT_DB_ALIAS):
    """Delete the renditions of the stored image ``name`` that no object needs at its present
    crop, and ``name`` itself once nothing refers to it. Meant to run after a commit, when the
    database says what is still in use; a file two objects share stays while either has it.
    Returns the names deleted."""
    holders = _holders(storage, name, using)
    wanted = {r.name for fieldfile in holders for r in renditions_for(fieldfile) or ()}
    unused = [r for r in stored_renditions(storage, name) if r not in wanted]
    if not holders and not _kept_for_history(name, using) and storage.exists(name):
        unused.append(name)
    for unused_name in unused:
        storage.delete(unused_name)
    return unused


def prune_renditions(*, using=DEFAULT_DB_ALIAS):
    """Delete every rendition file no stored image needs at its present size and crop: widths
    no longer configured, crops since changed, images since replaced. Returns the names."""
    wanted, storages = set(), {}
    for model, field in image_fields():
        storages[id(field.storage)] = field.storage
        names = [field.attname, field.width_field, field.height_field, *field._setting_names()]
        rows = model._base_manager.using(using).exclude(**{field.name: ""})
        for obj in rows.only(*filter(None, names)).iterator():
            wanted.update(r.name for r in renditions_for(getattr(obj, field.attname)) or ())
    pruned = []
    for storage in storages.values():
        for name in list(_all_stored_renditions(storage)):
            if name not in wanted:
                storage.delete(name)
                pruned.append(name)
    return pruned


# HTML -----------------------------------------------------------------------------------------


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
