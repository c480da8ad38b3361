"""Keyed hashes use keys derived with salted_hmac, never the raw secret key."""

import hashlib
import hmac

import pytest
from django.conf import settings
from django.utils.crypto import salted_hmac

from comments.models.comments import IDENTICON_SALT
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_identicon_digest_is_not_keyed_with_the_raw_secret_key():
    comment = CommentFactory()
    raw = hmac.new(settings.SECRET_KEY.encode(), comment.identity.encode(), hashlib.sha256)
    assert comment.identicon_digest != raw.hexdigest()[:20]
    salted = salted_hmac(IDENTICON_SALT, comment.identity, algorithm="sha256")
    assert comment.identicon_digest == salted.hexdigest()[:20]
