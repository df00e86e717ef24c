"""Build the bench's throw-away SQLite database: the seed article (from the migrations) plus one
article per size with that many approved comments, some of them replies, and a few pending and
spam ones that readers never see.

    python -m bench.build_db bench/results/bench.sqlite3 --sizes 3,1000,10000

`populate()` works on whatever database Django is configured with, which is how the test
suite checks it on a small size.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED_SLUG = "hemifacial-spasm"
DEFAULT_SIZES = (3, 1000, 10000)
# Of the approved comments: this share are replies (half of those to a reply: two levels deep).
REPLY_SHARE = 0.2
# Pending and spam comments per approved comment (at least one of each per article).
PENDING_SHARE = 0.05
SPAM_SHARE = 0.02

FIRST_NAMES = ["Maria", "John", "Shirley", "Dave", "Aiko", "Kwame", "Ana", "Lars", "Priya", "Tom"]
SENTENCES = [
    "My left eye started twitching three years ago and it slowly spread to my cheek.",
    "Botox every three months helps, but the last weeks before the next shot are hard.",
    "I had microvascular decompression surgery last spring and the spasms are gone.",
    "Does anyone else find that stress and lack of sleep make it much worse?",
    "My neurologist says it is caused by a blood vessel pressing on the facial nerve.",
    "Thank you for writing this; I felt very alone with it until today.",
    "The MRI showed nothing at first, the second one with contrast found the vessel.",
    "Caffeine does not seem to matter for me, but cold wind on my face does.",
    "People stare when it happens in a meeting, and that is the worst part.",
    "After surgery my hearing on that side got a little worse, but it was worth it.",
]
LINKS = ["https://example.org/hfs-support", "http://example.com/my-story"]


def comment_text(rng):
    """Between one and four paragraphs of reader-like text, now and then with a link."""
    paragraphs = []
    for _ in range(rng.randint(1, 4)):
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.05:
            paragraph += f" More at {rng.choice(LINKS)}"
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def populate(sizes=DEFAULT_SIZES, *, seed=7):
    """Add one published article per size, with `size` approved comments (some threaded) and a
    few pending and spam ones. Returns {slug: {"approved": n, "pending": n, "spam": n,
    "replies": n}}. Deterministic for a given seed."""
    from articles.models import Article
    from comments.models import Comment

    rng = random.Random(seed)
    seed_article = Article.objects.filter(slug=SEED_SLUG).first()
    body = seed_article.body if seed_article else "Some text about hemifacial spasm."
    summary = seed_article.summary if seed_article else ""
    start = datetime(2011, 1, 1, tzinfo=UTC)
    made = {}
    for size in sizes:
        article = Article.objects.create(
            title=f"Bench article with {size:,} comments",
            slug=f"bench-{size}",
            summary=summary,
            body=body,
            status=Article.Status.PUBLISHED,
            published_at=start - timedelta(days=1),
        )
        replies = round(size * REPLY_SHARE)
        roots = size - replies
        moments = iter(start + timedelta(minutes=37 * i) for i in range(10 * size + 100))

        def comment(status, parent=None, *, article=article, moments=moments):
            name = f"{rng.choice(FIRST_NAMES)} {rng.randint(1, 999)}"
            return Comment(
                article=article,
                parent=parent,
                author_name=name,
                author_email=f"{name.replace(' ', '.').lower()}@example.com",
                author_url=rng.choice(["", "", "", "https://example.net/"]),
                body=comment_text(rng),
                created_at=next(moments),
                status=status,
                ip_address=f"203.0.113.{rng.randint(1, 254)}",
                user_agent="bench",
            )

        approved = Comment.Status.APPROVED
        top = Comment.objects.bulk_create(comment(approved) for _ in range(roots))
        first_level = Comment.objects.bulk_create(
            comment(approved, rng.choice(top)) for _ in range(replies - replies // 2)
        )
        Comment.objects.bulk_create(
            comment(approved, rng.choice(first_level or top)) for _ in range(replies // 2)
        )
        pending = max(1, round(size * PENDING_SHARE))
        spam = max(1, round(size * SPAM_SHARE))
        Comment.objects.bulk_create(comment(Comment.Status.PENDING) for _ in range(pending))
        Comment.objects.bulk_create(comment(Comment.Status.SPAM) for _ in range(spam))
        made[article.slug] = {
            "approved": size,
            "pending": pending,
            "spam": spam,
            "replies": replies,
        }
    return made


def build(path, sizes=DEFAULT_SIZES):
    """Create the database at `path` afresh: migrate (which loads the seed article), populate."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path.resolve()}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hfs_site.settings"
    sys.path.insert(0, str(PROJECT_DIR))
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)
    made = populate(sizes)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return made


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the SQLite file to create (replaced if it exists)")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    args = parser.parse_args(argv)
    started = time.monotonic()
    made = build(args.path, [int(size) for size in args.sizes.split(",")])
    for slug, counts in made.items():
        print(f"  {slug}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"  built {args.path} in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
