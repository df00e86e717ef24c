"""A WordPress export (WXR 1.2) of a blog with many comments, and beside it a Django fixture of
exactly the rows importing it creates: the bench's import figure (bench/imports.py) loads the
same content both ways (`import_wordpress` the WXR, `loaddata` the fixture) into empty
databases, and compares the two.

    python -m bench.wxr_fixture blog.xml blog.json --comments 100000

The fixture holds the articles, the comments, their source-id mappings, the redirects of the
old addresses, and what the spam filter learns from the imported decisions; the comments'
derived fields and the filter's counts are computed by the site's own code (comments.triage,
comments.spamfilter), so Django is set up first.

The blog: POSTS posts (a few drafts, one page and one attachment, which the import skips), the
comments spread unevenly over the published posts (a few posts hold most of them), a third of
them replies, some WordPress levels deeper than the site shows (the fixture stores those as the
site does, comments.services.reply_parent), texts from one line to many paragraphs with HTML
entities, smart quotes (as characters and as entities), `<p>` paragraphs now and then and a
`]]>` split over two CDATA sections; some pending, spam and trash, and a few pingbacks (which
the import skips). Deterministic for a seed, and written as it is made: neither file is ever
held in memory.
"""

import argparse
import html
import json
import os
import random
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import django
from django.conf import settings

SITE = "https://blog.example.com"
SOURCE = f"wordpress {SITE}"
POSTS = 100
DRAFTS = 2
BLOG_OFFSET = timedelta(hours=2)  # the blog's time zone: wp:post_date is local time
# Of the comments made: their status at the source, and the share of them that are replies.
STATUS_SHARES = {"1": 0.90, "0": 0.04, "spam": 0.03, "trash": 0.03}
SITE_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "removed"}
REPLY_SHARE = 0.35
PINGBACK_SHARE = 0.002  # on top of the comments: skipped by the import
MISSING_EMAIL_SHARE = 0.002
# The tables the fixture fills, and the key of each in `first_ids` (write()).
FIRST_IDS = {
    "articles.article": "article",
    "comments.comment": "comment",
    "portability.importedarticle": "imported_article",
    "portability.importedcomment": "imported_comment",
    "comments.spamtoken": "spam_token",
    "redirects.redirect": "redirect",
}
# What the spam filter and the triage read of a comment.
COMMENT_TEXT = ("author_name", "author_url", "body")

NAMES = [
    "Maria", "John", "Shirley", "Dave", "Aiko", "Kwame", "Ana", "Lars", "Priya", "Tom",
    "Seán", "Zoë", "Renée O'Brien", "Jürgen", "Fatima", "Chen Wei", "Dolores", "Bob & Ann",
]  # fmt: skip
SENTENCES = [
    "My left eye started twitching three years ago and it slowly spread to my cheek.",
    "Botox every three months helps, but the last weeks before the next shot are hard.",
    "I had microvascular decompression surgery last spring and the spasms are gone.",
    "Does anyone else find that stress and lack of sleep make it much worse?",
    "My neurologist says it's caused by a blood vessel pressing on the facial nerve.",
    "Thank you for writing this; I felt very alone with it until today.",
    "The MRI showed nothing at first, the second one with contrast found the vessel.",
    "Caffeine doesn't seem to matter for me, but cold wind on my face does.",
    "People stare when it happens in a meeting, and that's the worst part.",
    "After surgery my hearing on that side got a little worse, but it was worth it.",
    'My doctor called it "benign" — it doesn\'t feel benign at 3 a.m.',
    "Ice & rest help a bit; heat & screens make it worse.",
    "The dose went from 2.5 < 5 units per site, and the droop < the spasm, for me.",
    "Has anyone tried carbamazepine? The side effects scared me off.",
    'I\'m 34 and was told I\'m "too young" for this, which isn\'t true.',
    "Café owners must think I'm winking at them all day.",
    "Read the study at https://example.org/hfs-study before deciding, it's long but clear.",
    "We drove 300 km to the clinic; the surgeon said 'wait and see'.",
]  # fmt: skip
SHORT = ["Thanks!", "Same here.", "Me too — every single day.", "Great article ❤", "+1"]
POST_SENTENCES = [
    "Hemifacial spasm is a condition in which the muscles on one side of the face twitch.",
    "It usually starts around the eye and can spread to the cheek and mouth.",
    "Most cases are caused by a blood vessel touching the facial nerve.",
    "Botulinum toxin injections are the most common treatment.",
    "Microvascular decompression is a surgery that can cure it for many people.",
    "Readers have shared their own stories in the comments below.",
]
# Characters that WordPress stores as entities, some always, some depending on the editor.
RSQUO, LDQUO, RDQUO = "\u2019", "\u201c", "\u201d"
ENTITIES = {
    RSQUO: ("&#8217;", "&rsquo;"),
    LDQUO: ("&#8220;", "&ldquo;"),
    RDQUO: ("&#8221;", "&rdquo;"),
}
SMART_QUOTES = re.compile(r'"([^"]*)"')


def smart(text):
    """Straight quotes made typographic, as WordPress's editor and wptexturize do."""
    return SMART_QUOTES.sub(f"{LDQUO}\\1{RDQUO}", text).replace("'", RSQUO)


@dataclass
class Made:
    """What one generated export holds, as the import should count it."""

    posts: int = 0
    drafts: int = 0
    skipped_items: dict = field(default_factory=dict)  # post type: count
    comments: int = 0
    statuses: dict = field(default_factory=dict)  # site status: count
    replies: int = 0
    stored_beside_parent: int = 0  # WordPress replies deeper than MAX_DEPTH
    pingbacks: int = 0
    missing_emails: int = 0
    largest_thread: int = 0


class Fixture:
    """The fixture as it is written: Django objects appended to a JSON array as they are made,
    with the next free id of each table; and what the import derives from the comments (the
    spam filter's counts, the redirects), appended at the end."""

    def __init__(self, file, first_ids):
        self.file = file
        self.next_ids = {model: first_ids.get(key, 1) for model, key in FIRST_IDS.items()}
        self.first = True
        # Feature → [genuine, spam]: what the spam filter learns from the imported decisions.
        self.learned = defaultdict(lambda: [0, 0])
        file.write("[\n")

    def reserve(self, model):
        """The id the next row of `model` gets."""
        pk = self.next_ids[model]
        self.next_ids[model] += 1
        return pk

    def add(self, model, fields, pk=None):
        pk = self.reserve(model) if pk is None else pk
        self.file.write("" if self.first else ",\n")
        self.first = False
        self.file.write(json.dumps({"model": model, "pk": pk, "fields": fields}))
        return pk

    def comment(self, fields):
        """A comment's row as the import makes it: its status's reason and spam-filter label,
        triage tags if it waits for a moderator; the filter learns it."""
        from comments import spamfilter, triage
        from comments.models import Comment
        from portability.importer import SPAM_LABELS

        row = Comment(**{name: value for name, value in fields.items() if name in COMMENT_TEXT})
        row.status, row.spam_label = fields["status"], SPAM_LABELS.get(fields["status"], "")
        fields = {
            **fields,
            "status_reason": f"Imported from {SOURCE}.",
            "spam_label": row.spam_label,
        }
        if row.status == Comment.Status.PENDING:
            triage.triage(row)
            fields.update(tags=row.tags, risk=row.risk)
        if row.spam_label:
            column = spamfilter.SPAM if row.spam_label == Comment.SpamLabel.SPAM else spamfilter.HAM
            for feature in [*spamfilter.comment_features(row), spamfilter.DOCUMENTS]:
                self.learned[feature][column] += 1
        return self.add("comments.comment", fields)

    def close(self, redirects):
        for token, (ham, spam) in sorted(self.learned.items()):
            self.add("comments.spamtoken", {"token": token, "ham": ham, "spam": spam})
        for old_path, new_path in redirects:
            self.add(
                "redirects.redirect",
                {"site": settings.SITE_ID, "old_path": old_path, "new_path": new_path},
            )
        self.file.write("\n]\n")


def cdata(text):
    """`text` as CDATA, split where it holds the section's end, as WordPress's wxr_cdata does."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wp_date(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


def as_stored(paragraphs, rng):
    """The text as WordPress stores it: & and < as entities (> as it is), smart quotes as
    characters or as entities, paragraphs separated by blank lines or (now and then) in <p>
    elements."""
    escaped = []
    for paragraph in paragraphs:
        text = paragraph.replace("&", "&amp;").replace("<", "&lt;")
        if rng.random() < 0.3:
            style = rng.randrange(2)
            for char, forms in ENTITIES.items():
                text = text.replace(char, forms[style])
        escaped.append(text)
    if rng.random() < 0.03:
        return "\n".join(f"<p>{text}</p>" for text in escaped)
    return "\n\n".join(escaped)


def comment_paragraphs(rng):
    """A reader's text as paragraphs: mostly one or two, now and then a one-liner or a long
    story."""
    roll = rng.random()
    if roll < 0.08:
        return [rng.choice(SHORT)]
    count = 12 if roll > 0.99 else rng.choice((1, 1, 1, 2, 2, 3, 4))
    return [
        smart(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4))))
        for _ in range(count)
    ]


def shares(total, weights):
    """`total` split in proportion to `weights`, in whole numbers that add up to it."""
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (weights[i] * scale) % 1, reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def header(out, created):
    out.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        "<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your"
        " site. -->\n"
        '<!-- generator="WordPress/6.4.2" created="' + wp_date(created) + '" -->\n'
        '<rss version="2.0"\n'
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
        ">\n\n<channel>\n"
        "\t<title>Living with Hemifacial Spasm</title>\n"
        f"\t<link>{SITE}</link>\n"
        "\t<description>Stories &amp; treatments</description>\n"
        f"\t<pubDate>{created:%a, %d %b %Y %H:%M:%S} +0000</pubDate>\n"
        "\t<language>en-US</language>\n"
        "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n"
        f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n"
        "\t<wp:author><wp:author_id>1</wp:author_id>"
        f"<wp:author_login>{cdata('editor')}</wp:author_login>"
        f"<wp:author_email>{cdata('editor@blog.example.com')}</wp:author_email>"
        f"<wp:author_display_name>{cdata('Dr. Renée Martin')}</wp:author_display_name>"
        f"<wp:author_first_name>{cdata('Renée')}</wp:author_first_name>"
        f"<wp:author_last_name>{cdata('Martin')}</wp:author_last_name></wp:author>\n\n"
        "\t<generator>https://wordpress.org/?v=6.4.2</generator>\n\n"
    )


def item(out, *, post_id, title, slug, published, modified, status, post_type, body, excerpt,
         comment_status="open", parent=0):  # fmt: skip
    local = published + BLOG_OFFSET
    link = f"{SITE}/{local:%Y/%m}/{slug}/" if post_type == "post" else f"{SITE}/?p={post_id}"
    out.write(
        "\t<item>\n"
        f"\t\t<title>{cdata(title)}</title>\n"
        f"\t\t<link>{link}</link>\n"
        f"\t\t<pubDate>{published:%a, %d %b %Y %H:%M:%S} +0000</pubDate>\n"
        f"\t\t<dc:creator>{cdata('editor')}</dc:creator>\n"
        f'\t\t<guid isPermaLink="false">{SITE}/?p={post_id}</guid>\n'
        "\t\t<description></description>\n"
        f"\t\t<content:encoded>{cdata(body)}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
        f"\t\t<wp:post_date>{cdata(wp_date(local))}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{cdata(wp_date(published))}</wp:post_date_gmt>\n"
        f"\t\t<wp:post_modified>{cdata(wp_date(modified + BLOG_OFFSET))}</wp:post_modified>\n"
        f"\t\t<wp:post_modified_gmt>{cdata(wp_date(modified))}</wp:post_modified_gmt>\n"
        f"\t\t<wp:comment_status>{cdata(comment_status)}</wp:comment_status>\n"
        f"\t\t<wp:ping_status>{cdata('open')}</wp:ping_status>\n"
        f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n"
        f"\t\t<wp:status>{cdata(status)}</wp:status>\n"
        f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n"
        "\t\t<wp:menu_order>0</wp:menu_order>\n"
        f"\t\t<wp:post_type>{cdata(post_type)}</wp:post_type>\n"
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n"
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        '\t\t<category domain="category" nicename="treatment">'
        f"{cdata('Treatment')}</category>\n"
    )


def comment(out, *, comment_id, name, email, url, ip, moment, content, approved, kind, parent):
    out.write(
        "\t\t<wp:comment>\n"
        f"\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n"
        f"\t\t\t<wp:comment_author>{cdata(name)}</wp:comment_author>\n"
        f"\t\t\t<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>\n"
        f"\t\t\t<wp:comment_author_url>{html.escape(url)}</wp:comment_author_url>\n"
        f"\t\t\t<wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>\n"
        f"\t\t\t<wp:comment_date>{cdata(wp_date(moment + BLOG_OFFSET))}</wp:comment_date>\n"
        f"\t\t\t<wp:comment_date_gmt>{cdata(wp_date(moment))}</wp:comment_date_gmt>\n"
        f"\t\t\t<wp:comment_content>{cdata(content)}</wp:comment_content>\n"
        f"\t\t\t<wp:comment_approved>{cdata(approved)}</wp:comment_approved>\n"
        f"\t\t\t<wp:comment_type>{cdata(kind)}</wp:comment_type>\n"
        f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
        "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
        "\t\t</wp:comment>\n"
    )


def write(wxr_path, fixture_path, *, comments, posts=POSTS, seed=16, first_ids=None):
    """Write the export and its fixture; returns a Made. The fixture's ids start at
    `first_ids` ({"article": id, "comment": id, ...}, the values of FIRST_IDS; 1 if not given):
    the next free ids of the database it is loaded into, which the import would take."""
    from django.urls import reverse

    from portability.wxr import SITE_FEEDS

    rng = random.Random(seed)
    made = Made()
    created = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    start = datetime(2010, 5, 15, 8, 30, tzinfo=UTC)
    published_count = posts - DRAFTS
    # A few posts hold most of the comments, as on a real blog.
    weights = [1 / (rank + 1) ** 0.9 for rank in range(published_count)]
    rng.shuffle(weights)
    per_post = shares(comments, weights)
    next_wp_comment = 1000
    # The old addresses the import makes redirects of, and where each leads.
    redirects = [(path, reverse("articles:feed_rss")) for path in SITE_FEEDS]
    with (
        open(wxr_path, "w", encoding="utf-8") as out,
        open(fixture_path, "w", encoding="utf-8") as fixture_file,
    ):
        fixture = Fixture(fixture_file, first_ids or {})
        header(out, created)
        for index in range(posts):
            post_id = 10 + index * 7
            draft = index >= published_count
            published = start + timedelta(days=index * 45, minutes=rng.randrange(600))
            modified = published + timedelta(days=rng.randrange(0, 400))
            title = smart(f'Hemifacial spasm, part {index + 1}: "what helped me"')
            slug = f"hemifacial-spasm-part-{index + 1}"
            paragraphs = [
                " ".join(rng.choice(POST_SENTENCES) for _ in range(rng.randint(2, 5)))
                for _ in range(rng.randint(3, 8))
            ]
            excerpt = rng.choice(POST_SENTENCES)
            closed = not draft and index % 17 == 5
            article_pk = fixture.reserve("articles.article")
            item(
                out,
                post_id=post_id,
                title=title,
                slug=slug,
                published=published,
                modified=modified,
                status="draft" if draft else "publish",
                post_type="post",
                body="\n\n".join(paragraphs),
                excerpt=excerpt,
                comment_status="closed" if closed else "open",
            )
            approved_here = 0
            if not draft:
                approved_here, next_wp_comment = post_comments(
                    out,
                    fixture,
                    rng,
                    made,
                    count=per_post[index],
                    published=published,
                    article_pk=article_pk,
                    first_wp_id=next_wp_comment,
                )
            out.write("\t</item>\n")
            fixture.add(
                "articles.article",
                {
                    "title": title,
                    "slug": slug,
                    "summary": excerpt,
                    # Markdown text ends with a line's end.
                    "body": "\n\n".join(paragraphs) + "\n",
                    "status": "draft" if draft else "published",
                    "published_at": iso(published),
                    "updated_at": iso(modified),
                    "comments_enabled": not closed,
                    "comment_count": approved_here,
                },
                pk=article_pk,
            )
            fixture.add(
                "portability.importedarticle",
                {"source": SOURCE, "source_id": str(post_id), "article": article_pk},
            )
            address = reverse("articles:detail", kwargs={"slug": slug})
            old_path = f"/{published + BLOG_OFFSET:%Y/%m}/{slug}/"
            redirects += [
                (f"/?p={post_id}", address),
                (old_path, address),
                (f"{old_path}feed/", reverse("seo:comments_rss", kwargs={"slug": slug})),
            ]
            made.drafts += draft
            made.posts += 1
        # What the import skips: a page (unless asked for) and an image attachment.
        for post_type, post_id in (("page", 2), ("attachment", 3)):
            item(
                out,
                post_id=post_id,
                title=f"About this {post_type}",
                slug=f"about-{post_type}",
                published=start,
                modified=start,
                status="publish" if post_type == "page" else "inherit",
                post_type=post_type,
                body="Who writes here, and why.",
                excerpt="",
            )
            out.write("\t</item>\n")
            made.skipped_items[post_type] = 1
        out.write("</channel>\n</rss>\n")
        fixture.close(redirects)
    return made


def post_comments(out, fixture, rng, made, *, count, published, article_pk, first_wp_id):
    """One post's comments: written to the export and the fixture as they are made. Returns
    (approved comments, next WordPress id)."""
    from comments.models import MAX_DEPTH  # Django is set up by then

    # The approved comments so far, as (wp id, fixture pk, site depth, site parent pk): the
    # ones replies may answer. Replies mostly answer recent comments: threads, not a scatter.
    answerable = []
    moment = published + timedelta(hours=1)
    mean_gap = timedelta(days=900) / max(count, 1)
    pingbacks = sum(rng.random() < PINGBACK_SHARE for _ in range(count))
    pingback_at = set(rng.sample(range(count), min(pingbacks, count)))
    wp_id = first_wp_id
    approved_here = 0
    for position in range(count):
        moment += timedelta(seconds=1 + int(rng.expovariate(1) * mean_gap.total_seconds()))
        if position in pingback_at:
            comment(
                out,
                comment_id=wp_id,
                name="Another Blog \u00bb Twitching eyes",
                email="",
                url="https://another.example.net/twitching/",
                ip="198.51.100.7",
                moment=moment,
                content="[…] as this article explains, the cause is […]",
                approved="1",
                kind="pingback",
                parent=0,
            )
            made.pingbacks += 1
            wp_id += 1
        roll, status = rng.random(), "1"
        for candidate, share in STATUS_SHARES.items():
            if roll < share:
                status = candidate
                break
            roll -= share
        wp_parent, parent_pk, depth = 0, None, 1
        if answerable and rng.random() < REPLY_SHARE:
            recent = answerable[-30:]
            answered = recent[-1 - min(int(rng.expovariate(0.25)), len(recent) - 1)]
            wp_parent, answered_pk, answered_depth, answered_parent = answered
            if answered_depth < MAX_DEPTH:
                parent_pk, depth = answered_pk, answered_depth + 1
            else:  # deeper than the site shows: stored beside the comment it answers
                parent_pk, depth = answered_parent, answered_depth
                made.stored_beside_parent += 1
            made.replies += 1
        name = smart(f"{rng.choice(NAMES)} {rng.randint(1, 999)}")
        email = f"reader{rng.randint(1, 40000)}@example.com"
        if rng.random() < MISSING_EMAIL_SHARE:
            email = ""
            made.missing_emails += 1
        url = rng.choice(["", "", "", f"https://example.net/{rng.randint(1, 500)}/?a=1&b=2"])
        ip = (
            f"2001:db8::{rng.randint(1, 0xFFFF):x}"
            if rng.random() < 0.1
            else f"203.0.113.{rng.randint(1, 254)}"
        )
        paragraphs = comment_paragraphs(rng)
        if position == 7:  # a text holding the end of a CDATA section
            paragraphs.append("My notes said: dose[left[0]]> dose[right[0]], odd.")
        content = as_stored(paragraphs, rng)
        comment(
            out,
            comment_id=wp_id,
            name=name,
            email=email,
            url=url,
            ip=ip,
            moment=moment,
            content=content,
            approved=status,
            kind="comment",
            parent=wp_parent,
        )
        site_status = SITE_STATUS[status]
        comment_pk = fixture.comment(
            {
                "article": article_pk,
                "parent": parent_pk,
                "author_name": name,
                "author_email": email,
                "author_url": url,
                "body": "\n\n".join(paragraphs),
                "created_at": iso(moment),
                "status": site_status,
                "ip_address": ip,
                "user_agent": "",
            },
        )
        fixture.add(
            "portability.importedcomment",
            {"source": SOURCE, "source_id": str(wp_id), "comment": comment_pk},
        )
        if status == "1":
            answerable.append((wp_id, comment_pk, depth, parent_pk))
            approved_here += 1
        made.statuses[site_status] = made.statuses.get(site_status, 0) + 1
        made.comments += 1
        wp_id += 1
    made.largest_thread = max(made.largest_thread, count)
    return approved_here, wp_id


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wxr", type=Path)
    parser.add_argument("fixture", type=Path)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=POSTS)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--first-ids",
        type=json.loads,
        default={},
        help='the next free ids, as JSON: {"article": 2, "comment": 4, ...} (default 1)',
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hfs_site.settings")
    django.setup()
    made = write(
        args.wxr,
        args.fixture,
        comments=args.comments,
        posts=args.posts,
        seed=args.seed,
        first_ids=args.first_ids,
    )
    print(json.dumps(asdict(made)))


if __name__ == "__main__":
    main()
