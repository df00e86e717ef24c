"""The one place that decides about new comments: whether an article takes them, and what
becomes of each one (a status and the reason the moderator sees in the admin, written in the
site's language whoever posted: models.in_site_language).

`decide()` runs RULES in order; the first rule that returns a Decision wins, and a comment no
rule claims waits for a moderator. Every threshold is a setting (see the README).
"""

import ipaddress
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from . import spamfilter, triage
from .models import BlockedTerm, Comment, in_site_language
from .sensitive import crisis_wording
from .spamfilter import link_host, links_in


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str


@dataclass(frozen=True)
class Signals:
    """What the form saw about how a comment was posted, beside its text.

    `honeypot` is the hidden field people never fill; `seconds_to_post` is the time between
    showing the form and posting it, read from the form's signed timestamp.
    """

    honeypot: str = ""
    seconds_to_post: float | None = None


def comments_open(article, *, now=None):
    """Whether readers may comment on the article now.

    Closed when the article is not published, when its "comments open" switch is off, or
    COMMENTS_CLOSE_AFTER_DAYS after it was published (0 keeps comments open for good).
    """
    if not article.accepts_comments:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if not days:
        return True
    return (now or timezone.now()) < article.published_at + timezone.timedelta(days=days)


def honeypot(comment, signals):
    if signals.honeypot:
        return Decision(
            Comment.Status.SPAM, gettext("The hidden field that only bots fill was filled.")
        )
    return None


def too_fast(comment, signals):
    seconds, minimum = signals.seconds_to_post, settings.COMMENTS_MIN_SECONDS
    if seconds is not None and seconds < minimum:
        return Decision(
            Comment.Status.SPAM,
            gettext(
                "Posted %(seconds)s s after the form was shown "
                "(people take at least %(minimum)s s)."
            )
            % {"seconds": f"{seconds:.1f}", "minimum": minimum},
        )
    return None


def blocked_term(comment, signals):
    terms = {kind: [] for kind in BlockedTerm.Kind}
    for kind, value in BlockedTerm.objects.values_list("kind", "value"):
        terms[kind].append(value)
    hit = (
        _blocked_word(terms[BlockedTerm.Kind.WORD], f"{comment.author_name}\n{comment.body}")
        or _blocked_email(terms[BlockedTerm.Kind.EMAIL], comment.author_email)
        or _blocked_ip(terms[BlockedTerm.Kind.IP], comment.ip_address)
        or _blocked_domain(terms[BlockedTerm.Kind.DOMAIN], comment)
    )
    return Decision(Comment.Status.SPAM, hit) if hit else None


def spam_score(comment, signals):
    """The spam filter (spamfilter.py): spam at COMMENTS_SPAM_MARK_AT, held from
    COMMENTS_SPAM_HOLD_AT, with the score and the features that pushed it as the reason."""
    if not settings.COMMENTS_SPAM_FILTER:
        return None
    verdict = spamfilter.comment_verdict(comment)
    status = {"spam": Comment.Status.SPAM, "held": Comment.Status.PENDING}.get(verdict.outcome)
    return Decision(status, verdict.reason()) if status else None


def too_many_links(comment, signals):
    count, maximum = len(links_in(comment.body)), settings.COMMENTS_MAX_LINKS
    if count > maximum:
        return Decision(
            Comment.Status.PENDING,
            ngettext(
                "Has %(count)s link (more than %(maximum)s): held for a moderator.",
                "Has %(count)s links (more than %(maximum)s): held for a moderator.",
                count,
            )
            % {"count": count, "maximum": maximum},
        )
    return None


def known_commenter(comment, signals):
    """Approve at once a comment under the name and email of an approved one (as WordPress
    does), unless it brings a link or a website: an email alone is easy to learn, and a link
    from a trusted name is what an impersonator would come for."""
    if not (settings.COMMENTS_AUTO_APPROVE_KNOWN and comment.author_email):
        return None
    # The email's comments, found through the email index, then the approved ones among them:
    # with the status in the query, the database read every approved comment of the site.
    earlier = Comment.objects.by_email(comment.author_email).values_list(
        "author_name", "status", "is_site_reply"
    )
    approved = Comment.Status.APPROVED
    names = {name for name, status, site_reply in earlier if status == approved and not site_reply}
    if not names:
        return None
    if same_name(comment.author_name) not in {same_name(name) for name in names}:
        return Decision(
            Comment.Status.PENDING,
            gettext(
                "Held for a moderator: this email has approved comments, but under another name."
            ),
        )
    if held := _held_for_links(comment):
        return Decision(Comment.Status.PENDING, held)
    return Decision(
        Comment.Status.APPROVED,
        gettext("Known commenter: an earlier comment with this name and email was approved."),
    )


def same_name(name):
    """A name as compared between comments: any case, spaces collapsed."""
    return " ".join(name.split()).casefold()


def _held_for_links(comment):
    """Why a known commenter's comment waits for a moderator, if it brings a link or a website."""
    links, website = bool(links_in(comment.body)), bool(comment.author_url)
    if links and website:
        return gettext(
            "Known commenter, but the comment has a link and a website: held for a moderator."
        )
    if links:
        return gettext("Known commenter, but the comment has a link: held for a moderator.")
    if website:
        return gettext("Known commenter, but the comment has a website: held for a moderator.")
    return None


RULES = [honeypot, too_fast, blocked_term, spam_score, too_many_links, known_commenter]


def decide(comment, signals=None):
    """Decide the status of a comment that is about to be stored, and why. Its triage tags
    are set first (triage.triage), as one in distress is never spam (not_spam_in_distress)."""
    signals = signals or Signals()
    with in_site_language():
        for rule in RULES:
            if decision := rule(comment, signals):
                return not_spam_in_distress(comment, decision)
        return Decision(Comment.Status.PENDING, gettext("Waiting for a moderator."))


# The rules that judge a comment's text, name and links, which an edit can change; the others
# judge how it was posted (honeypot, typing time) or who posted it (known commenter).
EDIT_RULES = [blocked_term, spam_score, too_many_links]
# How far each status is from readers: an edit may move a comment further, never nearer.
DISTANCE = {
    Comment.Status.APPROVED: 0,
    Comment.Status.PENDING: 1,
    Comment.Status.SPAM: 2,
    Comment.Status.REMOVED: 3,
}


def decide_edit(comment, *, previous_body):
    """Decide again about a comment whose poster replaced `previous_body` with its text.

    The spam rules of EDIT_RULES apply as to a new comment; and a published comment that the
    edit gives a new link or crisis wording (sensitive.crisis_wording) waits for a moderator
    again, as the moderator approved another text. Otherwise, or when the decision would bring
    the comment nearer to readers, it keeps its status and reason.
    """
    with in_site_language():
        decision = next(filter(None, (rule(comment, Signals()) for rule in EDIT_RULES)), None)
        if decision is not None:
            decision = not_spam_in_distress(comment, decision)
        if decision is None and comment.status == Comment.Status.APPROVED:
            decision = _published_edit_held(comment, previous_body)
    if decision is None or DISTANCE[decision.status] <= DISTANCE[comment.status]:
        return Decision(comment.status, comment.status_reason)
    return decision


def not_spam_in_distress(comment, decision):
    """A comment whose triage tags say distress is never marked spam automatically: a rule's
    spam becomes a wait for a moderator, with the rule's reason, so that a person reads it."""
    if decision.status != Comment.Status.SPAM or not triage.in_distress(comment):
        return decision
    limit = Comment._meta.get_field("status_reason").max_length
    reason = gettext("Words of distress: held for a moderator, not marked spam. %(reason)s") % {
        "reason": decision.reason
    }
    return Decision(Comment.Status.PENDING, reason[:limit])


def _published_edit_held(comment, previous_body):
    if set(links_in(comment.body)) - set(links_in(previous_body)):
        return Decision(
            Comment.Status.PENDING,
            gettext("Edited after approval to add a link: held for a moderator."),
        )
    if len(crisis_wording(comment.body)) > len(crisis_wording(previous_body)):
        return Decision(
            Comment.Status.PENDING,
            gettext("Edited after approval to add words of crisis: held for a moderator."),
        )
    return None


def _blocked_word(words, text):
    if not words:
        return None
    # (?<!\w)…(?!\w) rather than \b, so that terms starting or ending with punctuation match too.
    pattern = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    if match := re.search(rf"(?<!\w)(?:{pattern})(?!\w)", text, re.IGNORECASE):
        return gettext("Contains the blocked word “%(word)s”.") % {"word": match.group(0).lower()}
    return None


def _blocked_email(addresses, email):
    email = email.lower()
    domain = "@" + email.rpartition("@")[2]
    for address in addresses:
        if email and address in (email, domain):
            return gettext("Blocked email address “%(address)s”.") % {"address": address}
    return None


def _blocked_ip(networks, ip):
    if not (networks and ip):
        return None
    address = ipaddress.ip_address(ip)
    for network in networks:
        try:
            blocked = address in ipaddress.ip_network(network, strict=False)
        except ValueError:  # a term saved past the admin's validation; never a 500
            continue
        if blocked:
            return gettext("Blocked IP address “%(network)s”.") % {"network": network}
    return None


def _blocked_domain(domains, comment):
    if not domains:
        return None
    hosts = {link_host(link) for link in links_in(comment.body)}
    if comment.author_url:
        hosts.add(link_host(comment.author_url))
    for host in hosts - {""}:
        for domain in domains:
            if host == domain or host.endswith(f".{domain}"):
                return gettext("Links to the blocked domain “%(domain)s”.") % {"domain": domain}
    return None
