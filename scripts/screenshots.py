"""Refresh the screenshots in docs/screenshots/: the demo site's main pages at a phone's width
(390 px) and a laptop's (1366 px), in light and dark.

    .venv/bin/python scripts/screenshots.py      # or: make screenshots

It builds a throwaway demo site (its own SQLite database and media folder, deleted afterwards),
serves it on a free local port, and photographs the first screen of each page with Debian's
Chromium through Playwright. The PNGs are reduced to 256 colours so the folder stays small.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("QK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# name: path on the demo site. The account pages belong to allauth.
PAGES = {
    "home": "/",
    "essay": "/essays/there-will-be-blood-noise-under-the-ground/",
    "person": "/people/kelly-reichardt/",
    "work": "/works/licorice-pizza/",
    "search": "/search/?q=reichardt",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
}
SCREENS = {"phone": (390, 844), "laptop": (1366, 900)}
SCHEMES = ("light", "dark")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, **kwargs
    )


def serve_demo(folder):
    """Start the demo site in ``folder``; returns ``(process, base URL)``."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_DEBUG": "true",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            return server, url
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("The demo server did not start.")


def shrink(path):
    """256 colours, which these flat, typographic pages survive without visible loss."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server, url = serve_demo(Path(tmp))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for width, height in SCREENS.values():
                    for scheme in SCHEMES:
                        page = browser.new_page(
                            viewport={"width": width, "height": height}, color_scheme=scheme
                        )
                        for name, path in PAGES.items():
                            page.goto(url + path, wait_until="networkidle")
                            target = OUT / f"{name}-{width}-{scheme}.png"
                            page.screenshot(path=target)
                            shrink(target)
                            print(target.relative_to(ROOT))
                        page.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
