"""A WordPress post's content, made into the HTML body of an essay.

WordPress stores what the editor typed and does the rest when it shows a page: it turns blank
lines into paragraphs (``wpautop``), expands shortcodes and reads block-editor comments. Here
that is done once, on import, into what this site's essays use::

    [caption id="attachment_7"]<img src=".../still.jpg"> The opening shot.[/caption]
        →  [[image:wp-7]]                    (the imported image, captioned)
    [gallery ids="7,8"]                    →  [[image:wp-7]] and [[image:wp-8]], one a line
    [embed]https://youtu.be/abc123xyz[/embed], [youtube …], a bare video address on its own
    line                                   →  [[video:https://youtu.be/abc123xyz]]
    [audio src="…"], [video src="….mp4"]   →  a link to the file (this site has no such player)
    <!-- wp:paragraph -->                  →  removed
    block-editor footnotes                 →  the site's own footnotes, linked both ways

Images of the post whose file was imported are placed with ``[[image:…]]``; any other image
(one whose file could not be found) is left for the sanitiser, which drops images from
elsewhere. The result still goes through :mod:`reviews.sanitise` when the essay is saved.
"""

import html
import json
import posixpath
import re
from urllib.parse import unquote, urlsplit

from reviews.shortcodes import video_embed_url

BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    "blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|"
    "header|footer|nav|figure|figcaption|details|menu|summary|iframe|script|audio|video|object"
)
BLOCK_START = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.I)
BLOCK_END = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.I)
STARTS_WITH_BLOCK = re.compile(rf"^(?:</?(?:{BLOCK_TAGS})[\s/>]|\[\[|<!--)", re.I)
PRE = re.compile(r"<pre\b.*?</pre>", re.I | re.S)
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
FOOTNOTES_BLOCK = re.compile(r"<!--\s*wp:footnotes\b.*?-->", re.S)
FOOTNOTE_REF = re.compile(r'<sup\b[^>]*\bdata-fn="([^"]+)"[^>]*>.*?</sup>', re.S)
SHORTCODE = re.compile(
    r"\[(caption|wp_caption|gallery|embed|youtube|vimeo|video|audio|playlist|videopress|wpvideo)"
    r"\b([^\]]*)\](?:(.*?)\[/\1\])?",
    re.S,
)
ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|(\S+)""")
IMAGE = re.compile(
    r"(?:<a\b[^>]*>\s*)?<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>(?:\s*</a>)?"
)
ATTACHMENT_ID = re.compile(r"(?:attachment_|wp-image-)(\d+)")
VIDEO_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.M)
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.\w+$)")


def media_key(url):
    """What identifies an uploaded file whatever size or host a link asks for:
    ``https://x.files.wordpress.com/2008/06/still-300x200.jpg?w=300`` → ``2008/06/still.jpg``."""
    path = unquote(urlsplit(html.unescape(url.strip())).path)
    if "/uploads/" in path:
        path = path.rsplit("/uploads/", 1)[1]
    return SIZE_SUFFIX.sub("", path.lstrip("/")).lower()


def attributes(text):
    """Shortcode attributes: ``{"ids": "1,2", 0: "https://…"}`` (positional ones by number)."""
    found, position = {}, 0
    for match in ATTRIBUTE.finditer(text.lstrip("= ")):
        name, *values = match.groups()
        if name:
            found[name.lower()] = next(v for v in values[:3] if v is not None)
        else:
            found[position] = values[3] if values[3] is not None else values[4]
            position += 1
    return found


def autop(text):
    """WordPress's ``wpautop``, in brief: blank lines separate paragraphs, a single line break
    is a ``<br>``, and block elements are left as they are."""
    kept = []

    def keep(match):
        kept.append(match.group(0))
        return f"\n\nzzpre{len(kept) - 1}zz\n\n"

    text = PRE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = BLOCK_END.sub(r"\1\n\n", BLOCK_START.sub(r"\n\n\1", text))
    chunks = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if STARTS_WITH_BLOCK.match(chunk) or re.fullmatch(r"zzpre\d+zz", chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    joined = "\n\n".join(chunks)
    return re.sub(r"zzpre(\d+)zz", lambda m: kept[int(m.group(1))], joined)


def _footnotes(content, meta_value):
    """Block-editor footnotes (notes kept in post meta, referenced by ``data-fn``) as the
    footnotes Markdown essays have."""
    try:
        notes = {note["id"]: note.get("content", "") for note in json.loads(meta_value or "[]")}
    except (ValueError, TypeError, KeyError):
        notes = {}
    order = []

    def reference(match):
        note_id = match.group(1)
        if note_id not in notes:
            return ""
        if note_id not in order:
            order.append(note_id)
        n = order.index(note_id) + 1
        return f'<sup id="fnref:{n}"><a class="footnote-ref" href="#fn:{n}">{n}</a></sup>'

    content = FOOTNOTE_REF.sub(reference, content)
    if not order:
        return FOOTNOTES_BLOCK.sub("", content)
    items = "".join(
        f'<li id="fn:{n}"><p>{notes[note_id]}&#160;'
        f'<a class="footnote-backref" href="#fnref:{n}">&#8617;</a></p></li>'
        for n, note_id in enumerate(order, start=1)
    )
    section = f'\n\n<div class="footnote"><hr><ol>{items}</ol></div>\n\n'
    if FOOTNOTES_BLOCK.search(content):
        return FOOTNOTES_BLOCK.sub(lambda m: section, content, count=1)
    return content + section


class BodyConverter:
    """Converts one post. ``images`` maps attachment ids (strings) whose files were imported
    to their names in the essay; ``urls`` maps :func:`media_key` of every attachment's address
    to its id; ``attached`` lists the ids of the post's own attachments, for ``[gallery]``."""

    def __init__(self, *, images, urls, attached=()):
        self.images = images
        self.urls = urls
        self.attached = list(attached)
        self.captions = {}

    def convert(self, content, *, footnotes=""):
        content = content or ""
        classic = "<!-- wp:" not in content
        content = _footnotes(content, footnotes)
        content = BLOCK_COMMENT.sub("", content)
        content = SHORTCODE.sub(self._shortcode, content)
        content = IMAGE.sub(self._image, content)
        content = VIDEO_LINE.sub(self._video_line, content)
        return autop(content) if classic else content

    def _place(self, attachment_id):
        key = self.images.get(str(attachment_id))
        return f"\n\n[[image:{key}]]\n\n" if key else None

    def _image_id(self, tag):
        source = re.search(r"\bsrc\s*=\s*[\"']([^\"']+)", tag)
        by_url = self.urls.get(media_key(source.group(1))) if source else None
        by_class = ATTACHMENT_ID.search(tag)
        return by_url or (by_class.group(1) if by_class else None)

    def _image(self, match):
        attachment_id = self._image_id(match.group(0))
        placed = self._place(attachment_id) if attachment_id else None
        return placed if placed is not None else match.group(0)

    def _video_line(self, match):
        address = match.group(1)
        return f"\n\n[[video:{address}]]\n\n" if video_embed_url(address) else match.group(0)

    def _shortcode(self, match):
        name, attrs, inner = match.group(1), attributes(match.group(2)), match.group(3) or ""
        if name in ("caption", "wp_caption"):
            return self._caption(attrs, inner)
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip()]
            placed = [self._place(i) for i in (ids or self.attached)]
            return "".join(p for p in placed if p)
        address = (
            attrs.get("src") or attrs.get("url") or attrs.get(0) or inner.strip() or ""
        ).strip()
        for extension in ("mp4", "m4v", "webm", "ogv", "mp3", "m4a", "ogg", "wav"):
            address = address or attrs.get(extension, "")
        if name == "vimeo" and address.isdigit():
            address = f"https://vimeo.com/{address}"
        if address and video_embed_url(address):
            return f"\n\n[[video:{address}]]\n\n"
        if name in ("audio", "video") and address.startswith(("http://", "https://")):
            label = "Listen" if name == "audio" else "Watch"
            filename = html.escape(posixpath.basename(urlsplit(address).path) or address)
            return f'\n\n<p><a href="{html.escape(address)}">{label}: {filename}</a></p>\n\n'
        # A player this site cannot show (a playlist, VideoPress): removed, text and all.
        return ""

    def _caption(self, attrs, inner):
        image = IMAGE.search(inner)
        attachment_id = ATTACHMENT_ID.search(attrs.get("id", ""))
        attachment_id = attachment_id.group(1) if attachment_id else None
        if image is not None:
            attachment_id = self._image_id(image.group(0)) or attachment_id
        caption = attrs.get("caption") or IMAGE.sub("", inner)
        caption = html.unescape(re.sub(r"<[^>]+>", "", caption)).strip()
        key = self.images.get(str(attachment_id)) if attachment_id else None
        if key is None:
            # The picture did not come over; a caption alone would describe nothing.
            return ""
        if caption:
            self.captions[key] = caption
        return self._place(attachment_id)
