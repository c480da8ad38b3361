"""Where an import finds the files of WordPress attachments, and how it takes them back.

Files come from ``--media-dir`` (a copy of ``wp-content/uploads``, or the media archive
WordPress.com lets owners download: both are laid out ``2014/03/still.jpg``) or, with
``--fetch-media``, from their addresses on the old site: images only, within a time-out and a
size limit. A file that cannot be had is reported and the import goes on without it.

The images themselves are stored through the image module, like an upload (same checks,
metadata removed, renditions made). Every file that writes is noted in a :class:`Journal`,
so an import that fails or is a dry run deletes them again and leaves the media folder as it
found it.
"""

import posixpath
import urllib.error
import urllib.request
from pathlib import Path

from django.core.files.storage import default_storage

from reviews.images import renditions_for
from reviews.wordpress.content import media_key

DEFAULT_TIMEOUT = 10
DEFAULT_MAX_BYTES = 15 * 1024 * 1024


class MediaMissing(Exception):
    """A file could not be had; the message says why."""


class MediaSource:
    def __init__(self, *, media_dir=None, fetch=False, timeout=DEFAULT_TIMEOUT,
                 max_bytes=DEFAULT_MAX_BYTES):  # fmt: skip
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.fetch = fetch
        self.timeout = timeout
        self.max_bytes = max_bytes

    @property
    def enabled(self):
        return self.media_dir is not None or self.fetch

    def read(self, attachment):
        """The bytes of an attachment (a dict from the export), or :class:`MediaMissing`."""
        url = attachment.get("attachment_url") or attachment.get("guid") or ""
        reasons = []
        if self.media_dir is not None:
            candidates = self._candidates(attachment, url)
            for relative in candidates:
                path = (self.media_dir / relative).resolve()
                if path.is_relative_to(self.media_dir) and path.is_file():
                    if path.stat().st_size > self.max_bytes:
                        raise MediaMissing(f"{relative} is larger than the size limit")
                    return path.read_bytes()
            reasons.append(f"{candidates[0] if candidates else url} is not in the media folder")
        if self.fetch:
            return self._download(url)
        raise MediaMissing(" and ".join(reasons) or "no media folder or --fetch-media given")

    def _candidates(self, attachment, url):
        stored = attachment.get("meta", {}).get("_wp_attached_file", "").strip().lstrip("/")
        names = [stored] if stored else []
        key = media_key(url) if url else ""
        if key and key not in names:
            names.append(key)
        # Some archives are flat: every file in one folder.
        names += [posixpath.basename(name) for name in names]
        return [name for name in dict.fromkeys(names) if name and ".." not in name.split("/")]

    def _download(self, url):
        if not url.startswith(("http://", "https://")):
            raise MediaMissing(f"{url or 'no address'} is not a web address")
        request = urllib.request.Request(url, headers={"User-Agent": "import_wordpress"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                kind = response.headers.get_content_type()
                if not kind.startswith("image/"):
                    raise MediaMissing(f"{url} is {kind}, not an image")
                declared = int(response.headers.get("Content-Length") or 0)
                if declared > self.max_bytes:
                    raise MediaMissing(f"{url} is larger than the size limit")
                data = response.read(self.max_bytes + 1)
        except MediaMissing:
            raise
        except urllib.error.HTTPError as error:
            raise MediaMissing(f"{url} answered {error.code}") from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or error
            raise MediaMissing(f"{url} could not be fetched ({reason})") from None
        if len(data) > self.max_bytes:
            raise MediaMissing(f"{url} is larger than the size limit")
        return data


class Journal:
    """The files an import has written, to delete if the import does not stand (with the
    folders the import made for them)."""

    FOLDERS = ("articles/figures", "renditions/articles/figures")

    def __init__(self, storage=default_storage):
        self.storage = storage
        self.names = []
        self.new_folders = [
            folder
            for folder in self._chain()
            if hasattr(storage, "path") and not Path(storage.path(folder)).exists()
        ]

    def _chain(self):
        folders = []
        for folder in self.FOLDERS:
            while folder and folder not in folders:
                folders.append(folder)
                folder = posixpath.dirname(folder)
        return sorted(folders, key=len, reverse=True)

    def wrote(self, fieldfile):
        if not fieldfile:
            return
        self.names.append(fieldfile.name)
        self.names += [rendition.name for rendition in renditions_for(fieldfile) or ()]

    def undo(self):
        for name in reversed(self.names):
            if self.storage.exists(name):
                self.storage.delete(name)
        self.names.clear()
        for folder in self.new_folders:  # deepest first
            path = Path(self.storage.path(folder))
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()
