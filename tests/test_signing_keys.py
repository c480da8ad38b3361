"""Keyed hashes use keys derived with salted_hmac, never the raw secret key."""

import hashlib
import hmac
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.crypto import salted_hmac

from accounts.demo import PASSWORD_SALT, demo_password
from comments.models.comments import IDENTICON_SALT
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_identicon_digest_is_not_keyed_with_the_raw_secret_key():
    comment = CommentFactory()
    raw = hmac.new(settings.SECRET_KEY.encode(), comment.identity.encode(), hashlib.sha256)
    assert comment.identicon_digest != raw.hexdigest()[:20]
    salted = salted_hmac(IDENTICON_SALT, comment.identity, algorithm="sha256")
    assert comment.identicon_digest == salted.hexdigest()[:20]


def test_demo_passwords_are_not_keyed_with_the_raw_secret_key():
    raw = hmac.new(settings.SECRET_KEY.encode(), b"demo:editor", hashlib.sha256)
    password = demo_password("editor")
    assert password != f"editor-{raw.hexdigest()[:12]}"
    salted = salted_hmac(PASSWORD_SALT, "editor", algorithm="sha256")
    assert password == f"editor-{salted.hexdigest()[:12]}"


def test_no_application_code_hashes_or_signs_with_the_raw_secret_key():
    # Django's signing and salted_hmac derive a key per purpose from SECRET_KEY; code that
    # reads the setting itself would key a hash with the very secret that signs sessions.
    root = Path(__file__).resolve().parent.parent
    readers = [
        str(path.relative_to(root))
        for app in ("accounts", "reviews", "comments", "config")
        for path in (root / app).rglob("*.py")
        if "SECRET_KEY" in path.read_text() and path.name != "settings.py"
    ]
    assert readers == []
