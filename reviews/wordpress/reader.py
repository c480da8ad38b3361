"""A streaming reader of WordPress exports (WXR 1.0 to 1.2, from WordPress.org and .com).

The file is read with ``iterparse`` and every element is dropped once it has been turned into
a plain dictionary, so memory stays the size of one post with its comments, however large the
export. Namespaces differ between versions (``http://`` or ``https://``, ``export/1.1/`` or
``export/1.2/``), so elements are known by short prefixed names instead::

    for kind, record in read_wxr(path):
        kind == "author"  →  {"login": "ann", "display_name": "Ann", "id": "2", …}
        kind == "term"    →  {"taxonomy": "category", "id": "7", "slug": "noir", "parent": "", …}
        kind == "item"    →  {"post_id": "42", "post_type": "post", "content": "…",
                              "terms": [("category", "noir", "Noir")], "meta": {…},
                              "comments": [{"comment_id": "3", "comment_parent": "0", …}]}

A file that is not XML, not complete or not a WordPress export raises :class:`WXRError` with
one line that says what is wrong (and where, for XML errors).
"""

import xml.etree.ElementTree as ET

CHUNK = 1 << 16


class WXRError(Exception):
    """The file cannot be imported: the message says why, in one line."""


def short_name(tag):
    """``{https://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    if "wordpress.org/export" in namespace:
        prefix = "excerpt" if "/excerpt/" in namespace else "wp"
    elif "purl.org/rss/1.0/modules/content" in namespace:
        prefix = "content"
    elif "purl.org/dc/elements" in namespace:
        prefix = "dc"
    else:
        prefix = "other"
    return f"{prefix}:{local}"


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _fields(element):
    """Simple children as a dictionary of short name (without prefix) → text."""
    return {
        short_name(child.tag).partition(":")[2] or child.tag: child.text or "" for child in element
    }


def _author(element):
    data = {key.removeprefix("author_"): value.strip() for key, value in _fields(element).items()}
    return data


def _term(element):
    name = short_name(element.tag)
    data = {key: value.strip() for key, value in _fields(element).items()}
    if name == "wp:category":
        return {
            "taxonomy": "category",
            "id": data.get("term_id", ""),
            "slug": data.get("category_nicename", ""),
            "parent": data.get("category_parent", ""),
            "name": data.get("cat_name", ""),
            "description": data.get("category_description", ""),
        }
    if name == "wp:tag":
        return {
            "taxonomy": "post_tag",
            "id": data.get("term_id", ""),
            "slug": data.get("tag_slug", ""),
            "parent": "",
            "name": data.get("tag_name", ""),
            "description": data.get("tag_description", ""),
        }
    return {
        "taxonomy": data.get("term_taxonomy", ""),
        "id": data.get("term_id", ""),
        "slug": data.get("term_slug", ""),
        "parent": data.get("term_parent", ""),
        "name": data.get("term_name", ""),
        "description": data.get("term_description", ""),
    }


def _meta(elements):
    meta = {}
    for element in elements:
        fields = _fields(element)
        meta[fields.get("meta_key", "").strip()] = fields.get("meta_value", "")
    return meta


def _item(element):
    item = {"terms": [], "meta": {}, "comments": []}
    for child in element:
        name = short_name(child.tag)
        if name == "category":
            item["terms"].append(
                (child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip())
            )
        elif name == "wp:postmeta":
            item["meta"].update(_meta([child]))
        elif name == "wp:comment":
            comment = {}
            metas = []
            for part in child:
                part_name = short_name(part.tag)
                if part_name == "wp:commentmeta":
                    metas.append(part)
                else:
                    comment[part_name.partition(":")[2]] = part.text or ""
            comment["meta"] = _meta(metas)
            item["comments"].append(comment)
        elif name == "content:encoded":
            item["content"] = child.text or ""
        elif name == "excerpt:encoded":
            item["excerpt"] = child.text or ""
        elif name == "dc:creator":
            item["creator"] = _text(child)
        elif name.startswith("wp:"):
            item[name[3:]] = (child.text or "").strip()
        else:
            item[name] = (child.text or "").strip()
    return item


class _CountingFile:
    """A binary file that reports how far it has been read, for the progress bar."""

    def __init__(self, file, on_progress):
        self.file = file
        self.on_progress = on_progress

    def read(self, size=-1):
        data = self.file.read(CHUNK if size is None or size < 0 else size)
        if data and self.on_progress is not None:
            self.on_progress(len(data))
        return data


def _post_type(element):
    for child in element:
        if short_name(child.tag) == "wp:post_type":
            return (child.text or "").strip()
    return ""


def read_wxr(path, *, on_progress=None, post_types=None):
    """Yield ``(kind, record)`` for each author, term and item of the export at ``path``
    (only items of ``post_types``, when given).

    ``on_progress(n)`` is called with the number of bytes read since the last call.
    """
    with open(path, "rb") as raw:
        source = _CountingFile(raw, on_progress)
        events = ET.iterparse(source, events=("start", "end"))
        channel = None
        version = None
        depth = 0
        try:
            for event, element in events:
                if event == "start":
                    depth += 1
                    if depth == 1 and element.tag != "rss":
                        raise WXRError(
                            f"{path} is not a WordPress export: it is XML, but its root "
                            f"element is <{short_name(element.tag)}>, not <rss>."
                        )
                    if depth == 2 and element.tag == "channel":
                        channel = element
                    continue
                depth -= 1
                if depth != 2 or channel is None:
                    continue
                name = short_name(element.tag)
                if name == "wp:wxr_version":
                    version = _text(element)
                elif name in ("item", "wp:author", "wp:category", "wp:tag", "wp:term"):
                    if version is None:
                        raise WXRError(
                            f"{path} is not a WordPress export: <{name}> comes before any "
                            "<wp:wxr_version>."
                        )
                    if name == "item":
                        if post_types is None or _post_type(element) in post_types:
                            yield "item", _item(element)
                    elif name == "wp:author":
                        yield "author", _author(element)
                    else:
                        yield "term", _term(element)
                    # What has been read is no longer needed: memory stays one item deep.
                    channel.clear()
        except ET.ParseError as error:
            line, column = error.position
            reason = str(error).split(":")[0]
            raise WXRError(
                f"{path} is not well-formed XML at line {line}, column {column + 1}: {reason}."
            ) from None
    if version is None:
        raise WXRError(f"{path} is not a WordPress export: it has no <wp:wxr_version>.")
