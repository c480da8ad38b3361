"""Social pictures, fetched once at login, re-encoded and stored in this site's media.

The fetch is bounded (size, time, image types only) and the result is decoded and written
again by Pillow as a small PNG, so nothing but pixels from the provider is ever served. This
module is accounts' own, small re-encoder: ``accounts`` sits below ``reviews``, whose image
checks cover editors' uploads.
"""

import io
import logging

from allauth.socialaccount.adapter import get_adapter
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

SIZE = 96  # pixels square: twice the 40–48 px a thread shows
ACCEPTED = ("image/jpeg", "image/png", "image/gif", "image/webp")
MAX_PIXELS = 25_000_000


class PictureRefused(Exception):
    pass


def download(url):
    """The bytes at ``url``, refused when not an image or larger than the limit."""
    limit = settings.SOCIAL_PICTURE_MAX_BYTES
    with get_adapter().get_requests_session() as session:
        response = session.get(url, stream=True, timeout=5)
        response.raise_for_status()
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind not in ACCEPTED:
            raise PictureRefused(f"not an image ({kind or 'no type'})")
        data = b""
        for chunk in response.iter_content(64 * 1024):
            data += chunk
            if len(data) > limit:
                raise PictureRefused("too large")
    return data


def reencode(data):
    """A ``SIZE``-pixel square PNG drawn from ``data``, or :class:`PictureRefused`."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PictureRefused("too many pixels")
            image.seek(0)
            image = image.convert("RGBA")
            side = min(image.size)
            left, top = (image.width - side) // 2, (image.height - side) // 2
            image = image.crop((left, top, left + side, top + side))
            image = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise PictureRefused("not a readable image") from error
    return out.getvalue()


def picture_url(account):
    """Where ``account``'s picture is: the provider's own answer, else where OpenID Connect
    (``picture`` in the user info) and Facebook (``picture.data.url``) put it."""
    url = account.get_avatar_url()
    if url:
        return url
    data = account.extra_data or {}
    for source in (data, data.get("userinfo") or {}, data.get("id_token") or {}):
        picture = source.get("picture") if isinstance(source, dict) else None
        if isinstance(picture, dict):
            picture = (picture.get("data") or {}).get("url")
        if isinstance(picture, str) and picture.startswith("https://"):
            return picture
    return None


def store_picture(account):
    """Fetch and keep ``account``'s picture, unless the same one is already stored. A picture
    that cannot be had leaves the identity with the site's drawn avatar."""
    from accounts.models import SocialPicture

    url = picture_url(account)
    existing = SocialPicture.objects.filter(account=account).first()
    if not url:
        if existing:
            existing.image.delete(save=False)
            existing.delete()
        return None
    if existing and existing.source_url == url:
        return existing
    try:
        png = reencode(download(url))
    except Exception as error:  # a provider's hiccup must never stop a login
        logger.warning("No picture for %s from %s: %s", account, url, error)
        return existing
    picture = existing or SocialPicture(account=account)
    if existing:
        existing.image.delete(save=False)
    picture.source_url = url
    picture.image.save(f"{account.provider}-{account.pk}.png", ContentFile(png), save=False)
    picture.save()
    return picture
