#!/usr/bin/env python3
"""How fast ``manage.py import_wordpress`` is, and whether its memory stays flat.

Writes a synthetic WordPress export of N posts with M comments (threaded, in every status),
imports it into a fresh SQLite database in a subprocess, and does the same at twice the size.
Prints the time and the peak resident memory of each import::

    .venv/bin/python scripts/bench_wordpress_import.py    # 10,000 posts, 100,000 comments
    .venv/bin/python scripts/bench_wordpress_import.py --posts 1000 --comments 10000

A benchmark, not a test: nothing is asserted; the figures go in the README.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "light",
    "shadow",
    "frame",
    "cut",
    "dissolve",
    "close-up",
    "long",
    "take",
    "tracking",
    "shot",
    "montage",
    "silence",
    "score",
    "actor",
    "gesture",
    "window",
    "rain",
    "night",
    "city",
    "road",
    "face",
    "memory",
    "voice",
    "colour",
    "grain",
]
STATUSES = ["1"] * 8 + ["0", "spam", "trash"]


def paragraph(rng, words=60):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_export(path, posts, comments, seed=1):
    rng = random.Random(seed)
    per_post = comments // posts
    comment_id = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Benchmark</title><link>http://bench.example.org</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
        )
        for n in range(1, 21):
            out.write(
                f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>critic{n}"
                f"</wp:author_login><wp:author_display_name>Critic {n}"
                "</wp:author_display_name></wp:author>\n"
            )
        for n in range(1, 51):
            out.write(
                f"<wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug>topic-{n}</wp:tag_slug>"
                f"<wp:tag_name>Topic {n}</wp:tag_name></wp:tag>\n"
            )
        for post_id in range(1, posts + 1):
            day = f"20{10 + post_id % 14:02d}-{1 + post_id % 12:02d}-{1 + post_id % 28:02d}"
            body = "\n\n".join(paragraph(rng) for _ in range(4))
            out.write(
                f"<item><title>Essay {post_id}</title>"
                f"<link>http://bench.example.org/{day.replace('-', '/')}/essay-{post_id}/</link>"
                f"<dc:creator>critic{1 + post_id % 20}</dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id>"
                f"<wp:post_date_gmt>{day} 12:00:00</wp:post_date_gmt>"
                f"<wp:comment_status>open</wp:comment_status><wp:post_name>essay-{post_id}"
                "</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="post_tag" nicename="topic-{1 + post_id % 50}">'
                f"Topic {1 + post_id % 50}</category>\n"
            )
            first = comment_id + 1
            for _ in range(per_post):
                comment_id += 1
                replying = comment_id > first and rng.random() < 0.4
                parent = rng.randrange(first, comment_id) if replying else 0
                text = escape(paragraph(rng, 25))
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Reader {comment_id % 997}</wp:comment_author>"
                    f"<wp:comment_author_email>reader{comment_id % 997}@example.org"
                    "</wp:comment_author_email>"
                    f"<wp:comment_author_IP>198.51.100.{comment_id % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>{day} 13:00:00</wp:comment_date_gmt>"
                    f"<wp:comment_content>{text}</wp:comment_content>"
                    f"<wp:comment_approved>{rng.choice(STATUSES)}</wp:comment_approved>"
                    f"<wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>"
                    "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")


def run(command, env):
    """Run a command; its wall time in seconds and peak resident memory in MiB."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed")
    return time.monotonic() - started, usage.ru_maxrss / 1024


def measure(folder, posts, comments):
    export = folder / f"export-{posts}.xml"
    write_export(export, posts, comments)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / f'bench-{posts}.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
    }
    python = sys.executable
    run([python, "manage.py", "migrate", "--verbosity", "0"], env)
    seconds, mib = run(
        [python, "manage.py", "import_wordpress", str(export), "--verbosity", "0"], env
    )
    size = export.stat().st_size / 1024 / 1024
    print(
        f"{posts:>7,} posts {comments:>9,} comments  {size:7.1f} MiB file  "
        f"{seconds:7.1f} s  peak {mib:6.1f} MiB",
        flush=True,
    )
    return seconds, mib


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-wordpress-") as folder:
        folder = Path(folder)
        _, single = measure(folder, options.posts, options.comments)
        _, double = measure(folder, options.posts * 2, options.comments * 2)
    print(f"Peak memory at twice the size: {100 * (double - single) / single:+.0f}%")


if __name__ == "__main__":
    main()
