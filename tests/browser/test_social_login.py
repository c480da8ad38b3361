"""A reader logs in through a real OpenID Connect provider, in Chromium, from start to end.

The provider is allauth's own IdP (``tests/oidc_provider``), started here in a subprocess on
a free port with its own database; the site under test offers it as its only login provider.
"""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from playwright.sync_api import expect

from comments.models import Comment
from config.social import login_form_targets, oidc_providers
from tests.browser.conftest import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_ID = "filmid"
PROVIDER_NAME = "FilmID"


def private_key_pem():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def oidc_provider(demo_site, tmp_path):
    """``(url, client)`` of a running provider whose client returns to ``demo_site``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DB": str(tmp_path / "provider.sqlite3"),
        "OIDC_PROVIDER_PRIVATE_KEY": private_key_pem(),
        # oauthlib insists on HTTPS unless told this is a local test.
        "OAUTHLIB_INSECURE_TRANSPORT": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def run(*args):
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout

    callback = f"{demo_site.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"
    client = json.loads(run("-m", "tests.oidc_provider.prepare", callback))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "provider.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    output = (tmp_path / "provider.log").read_text()
                    pytest.fail(f"The provider did not start:\n{output}")
                time.sleep(0.1)
        yield url, client
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture
def site_with_only_that_provider(settings, oidc_provider):
    url, client = oidc_provider
    entry = {"id": PROVIDER_ID, "name": PROVIDER_NAME, "server_url": url, **client}
    providers = {
        "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": oidc_providers(json.dumps([entry]))}
    }
    settings.SOCIALACCOUNT_PROVIDERS = providers
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], *login_form_targets(providers)],
    }
    # The round trip to the provider takes longer than a robot, but the form's clock started
    # before the reader left; nothing here is about that rule.
    settings.COMMENTS_MIN_SECONDS = 0
    return url


def test_a_reader_comments_through_an_openid_connect_login_and_then_leaves_with_their_data(
    page, demo_site, site_with_only_that_provider
):
    essay = demo_site.page_url("article")
    page.goto(essay)
    draft = "The long dissolve at the end reads as a verdict rather than a farewell."
    page.locator("#id_body").fill(draft)
    page.get_by_role("button", name=f"Log in with {PROVIDER_NAME}").click()

    # The provider's own pages: log in, then consent.
    expect(page).to_have_url(re.compile("^" + re.escape(site_with_only_that_provider)))
    page.get_by_label("Username").fill("lena")
    page.get_by_label("Password").fill("provider-password")
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Authorize").click()

    # Back on the essay, logged in, with the text restored.
    expect(page).to_have_url(re.compile("^" + re.escape(essay)))
    expect(page.locator("#id_body")).to_have_value(draft)
    expect(page.locator(".comment-form__identity")).to_contain_text(PROVIDER_NAME)
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment__awaiting")).to_be_visible()

    waiting = page.locator(".comment--awaiting", has_text=draft)
    expect(waiting.locator(".comment__author")).to_have_text("Lena Marchetti")
    anchor = waiting.get_attribute("id")
    pk = anchor.rpartition("-")[2]

    # Through the queue in the moderator's own browser. The test reads the database only at
    # the end: in this thread's open transaction even a read would lock SQLite's table
    # against the live server's writes.
    queue = page.context.browser.new_context().new_page()
    demo_site.open(queue, "moderation-queue")
    queue.locator(f'button[name="single"][value="approve:{pk}"]').click()
    expect(queue.locator(".messages, .alert").first).to_be_visible()
    queue.context.close()

    page.goto(essay)
    shown = page.locator(f"#{anchor}")
    expect(shown).to_contain_text("Lena Marchetti")
    expect(shown).to_contain_text(draft)
    # The provider's picture is on plain HTTP, which the site never fetches: the drawn avatar.
    avatar = shown.locator(".comment__avatar").first
    expect(avatar).to_have_attribute("src", re.compile("/comments/avatars/"))

    page.goto(demo_site.url + "/account/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert draft in json.dumps(exported)

    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Remove my comments").check()
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Delete my account")).to_have_count(0)
    assert not SocialAccount.objects.filter(provider=PROVIDER_ID).exists()
    assert not Comment.objects.filter(pk=pk).exists()
