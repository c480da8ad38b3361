"""What a page tells browsers, search engines and link previews about itself.

Every reading page has a canonical address, a description and a social card (Open Graph and
Twitter) with an image; pages without an image of their own use the site's card. Addresses are
absolute, built on ``settings.SITE_URL`` rather than on the request's host, so that a page
reached through another name still points at the public one.
"""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.templatetags.static import static
from django.utils.text import Truncator

DEFAULT_IMAGE = "img/social-card.png"
DEFAULT_IMAGE_ALT = "The site's name on a dark frame."
DEFAULT_IMAGE_SIZE = (1200, 630)


def absolute_url(path_or_url):
    """``/essays/x/`` → ``https://example.org/essays/x/``; absolute URLs are left alone."""
    return urljoin(f"{settings.SITE_URL}/", str(path_or_url))


def image_url(image):
    """The absolute URL of an uploaded image, or ``""`` when there is none."""
    return absolute_url(image.url) if image else ""


def default_image_url():
    return absolute_url(static(DEFAULT_IMAGE))


@dataclass
class PageMeta:
    title: str = ""
    description: str = ""
    canonical: str = ""
    image: str = ""
    image_alt: str = ""
    og_type: str = "website"
    published: datetime | None = None
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def __post_init__(self):
        text = " ".join(self.description.split()) or settings.SITE_DESCRIPTION
        # Search engines show about 160 characters; link previews a little more.
        self.description = Truncator(text).chars(200)
        if not self.image:
            self.image = default_image_url()
            self.image_alt = DEFAULT_IMAGE_ALT

    @property
    def has_default_image(self):
        return self.image == default_image_url()

    @property
    def default_image_size(self):
        return DEFAULT_IMAGE_SIZE
