"""The crops an editor may choose for a still, and the part of the frame each keeps."""

from dataclasses import dataclass
from fractions import Fraction

from django.core.validators import MaxValueValidator
from django.db import models


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
