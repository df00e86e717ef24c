"""The local spam filter: a naive Bayes classifier that learns from the moderators.

A comment is turned into a set of features (words, word pairs, link domains, name words, how
many links, how much of the text is not letters). Each feature has two counts: in how many
comments the moderators called genuine ("ham") and in how many they marked as spam it was
seen, beside how many comments of each kind there were. Those counts are the whole model, so
learning from a decision is adding one to a few rows, and unlearning it is taking one away:
no training job, and every process shares them.

Two sets of counts are added together when scoring:

- the **starter set** (spam_data/starter.json), hand-written comments read once per process;
  it counts in full until the site has COMMENTS_SPAM_OWN_DECISIONS decisions of its own, and
  then weighs as much as that many decisions, however many more the site makes;
- the **site's own decisions**, stored in SpamToken rows and updated at every Approve, Mark as
  spam or Not spam (learn_decision, called by services.comment_set_status), and whenever a
  comment that taught them is edited, anonymised or deleted (relearn): they always equal what
  the labelled comments that remain hold, so an erased commenter leaves nothing behind.

The score is the probability that the comment is spam, with no prior: it judges the comment,
not how much spam the site happens to get, so a busy spam week cannot tip a genuine comment.
And a comment that carries no way to reach anyone (no link, website, email address or phone
number) advertises nothing: whatever its score, the filter only holds it (Verdict.advertises).
"""

import itertools
import json
import math
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.html import urlize
from django.utils.translation import gettext, gettext_lazy, ngettext

from .models import Comment, SpamToken

STARTER_SET = Path(__file__).resolve().parent / "spam_data" / "starter.json"
HAM, SPAM = 0, 1
# Laplace smoothing: a feature seen in one class only still leaves the other a small chance.
ALPHA = 1.0
# Features through which a comment can send readers somewhere (see Verdict.advertises).
CONTACT_FEATURES = {"u:website", "l:1", "l:2", "l:3", "e:email", "p:phone"}
# How many features the reason names, at most.
REASON_FEATURES = 3
MAX_FEATURE_LENGTH = SpamToken._meta.get_field("token").max_length

# Words are runs of letters and digits in any script, so "specialist" is one word and never
# contains "cialis"; an apostrophe inside a word keeps it whole ("don't").
WORD = re.compile("[^\\W_]+(?:['\u2019][^\\W_]+)*")
PHONE = re.compile(r"\+?\d[\d ().-]{6,}\d")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\[\]]+", re.IGNORECASE)


# Features ------------------------------------------------------------------------------------
#
# Each feature is a string with a prefix saying what it is; reason_label() says it in words.
# "=" starts no feature: the row that holds the totals (DOCUMENTS) uses it.


def features(*, name="", website="", text=""):
    """The set of features of a comment, from its name, website and text fields."""
    text = unicodedata.normalize("NFKC", text)
    found = set()
    links, emails = _links(text)
    hosts = {_host(link) for link in links}
    if website:
        found.add("u:website")
        hosts.add(_host(website))
    hosts -= {""}

    # Addresses are counted as links and domains, not as words or punctuation; the words a
    # shop names its domain after are words ("best-casino-bonus.xyz": best, casino, bonus).
    prose = URL.sub(" ", text)
    words = [w for w in WORD.findall(prose.casefold()) if not (w.isdigit() and len(w) > 4)]
    found.update(f"w:{word}" for word in words)
    found.update(f"b:{first} {second}" for first, second in itertools.pairwise(words))
    for host in hosts:
        found.update(f"w:{word}" for word in WORD.findall(host.rpartition(".")[0]))
        found.add(f"d:{host}")
        if "." in host:
            found.add(f"t:{host.rpartition('.')[2]}")
        # Shops name their domains after what they sell: best-casino-bonus.xyz, slots88.top.
        if "-" in host:
            found.add("s:hyphen")
        if any(c.isdigit() for c in host):
            found.add("s:digits")
    found.add(f"l:{min(len(links), 3)}")
    if emails or EMAIL.search(text):
        found.add("e:email")
    if any(sum(c.isdigit() for c in match) >= 8 for match in PHONE.findall(text)):
        found.add("p:phone")

    name_words = WORD.findall(unicodedata.normalize("NFKC", name).casefold())
    found.update(f"n:{word}" for word in name_words)
    if len(name_words) >= 4:
        found.add("n:4+ words")
    # A keyword-stuffed name repeats what the text or the link sells ("Online Casino Bonus");
    # people rarely repeat their own name.
    keywords = [word for word in name_words if len(word) >= 3]
    if set(keywords) & set(words):
        found.add("n:in text")
    if any(word in host for word in keywords for host in hosts):
        found.add("n:in link")
    if len(name_words) >= 2 and name == name.lower():
        found.add("n:lower case")

    visible = [c for c in prose if not c.isspace()]
    if visible:
        share = sum(not c.isalpha() for c in visible) / len(visible)
        found.add(f"x:{min(int(share * 10), 4)}")
    return {feature for feature in found if len(feature) <= MAX_FEATURE_LENGTH}


def comment_features(comment):
    return features(name=comment.author_name, website=comment.author_url, text=comment.body)


def item_features(item):
    """The features of a starter-set or history item ({"name", "website", "text", "label"})."""
    return features(name=item["name"], website=item.get("website", ""), text=item["text"])


# The features without a value, as reason_label() names them.
FEATURE_LABELS = {
    "u": gettext_lazy("a website"),
    "n": gettext_lazy("name with keywords"),
    "s": gettext_lazy("a keyword domain"),
    "e": gettext_lazy("an email address"),
    "p": gettext_lazy("a phone number"),
    "x": gettext_lazy("many non-letters"),
}


def reason_label(feature):
    """A feature as the moderator reads it in a comment's reason (words and word pairs as
    they are)."""
    kind, _, value = feature.partition(":")
    if kind in ("w", "b"):
        return value
    if kind == "d":
        return gettext("link to %(domain)s") % {"domain": value}
    if kind == "t":
        # Translators: a link whose address ends in this top-level domain: "a .ru address".
        return gettext("a .%(ending)s address") % {"ending": value}
    if kind == "l":
        if value == "3":
            return gettext("%(count)s+ links") % {"count": value}
        count = int(value)
        return ngettext("%(count)s link", "%(count)s links", count) % {"count": count}
    if kind in FEATURE_LABELS:
        return str(FEATURE_LABELS[kind])
    return feature


# Links, here and in the moderation rules (which count them and match blocked domains) ------


def links_in(text):
    """The addresses a comment's text links to once shown (the same links readers see)."""
    return [unescape(href) for href in re.findall(r'href="([^"]*)"', urlize(text))]


def link_host(address):
    """The host a link points to (for mailto:, the email address's domain), lower case."""
    if address.startswith("mailto:"):
        return address.rpartition("@")[2].lower()
    try:
        return (urlsplit(address).hostname or "").lower()
    except ValueError:
        return ""


def _links(text):
    """The text's link addresses (mailto: ones aside) and the hosts of its email addresses.

    The links readers see, plus addresses that bots wrap in markup the page never makes into
    links ([url=…], <a href=…>): they still say what the comment advertises.
    """
    addresses = set(links_in(text))
    addresses.update(f"http://{url}" if url[:4] == "www." else url for url in URL.findall(text))
    emails = {_host(address) for address in addresses if address.startswith("mailto:")}
    return [address for address in addresses if not address.startswith("mailto:")], emails


def _host(address):
    return link_host(address).removeprefix("www.")


# The model -----------------------------------------------------------------------------------


@dataclass
class Counts:
    """Feature counts for ham and spam: everything a naive Bayes model knows.

    `tokens` maps a feature to [ham, spam], the comments of each kind it was seen in;
    `documents` is [ham, spam], how many comments of each kind were learned.
    """

    tokens: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    documents: list = field(default_factory=lambda: [0, 0])

    def learn(self, feats, label, sign=1):
        for feature in feats:
            self.tokens[feature][label] += sign
        self.documents[label] += sign

    def get(self, feature):
        return self.tokens.get(feature, (0, 0))


@dataclass(frozen=True)
class Verdict:
    score: float
    # (feature, log-likelihood ratio), the strongest push towards spam first.
    evidence: tuple = ()
    # Whether the comment has a link, a website, an email address or a phone number: spam
    # without one sends nobody anywhere, and a genuine story may look like anything else.
    advertises: bool = False

    @property
    def outcome(self):
        """ "spam" (mark it), "held" (pending with the reason) or "passed" (the rules decide)."""
        if self.score >= settings.COMMENTS_SPAM_MARK_AT and self.advertises:
            return "spam"
        if self.score >= settings.COMMENTS_SPAM_HOLD_AT:
            return "held"
        return "passed"

    def reasons(self, count=REASON_FEATURES):
        labels = []
        for feature, weight in self.evidence:
            label = reason_label(feature)
            if weight > 0 and label not in labels:
                labels.append(label)
        return labels[:count]

    def reason(self):
        """'Looks like spam (score 0.81): casino, link to shop.example, name with keywords.'"""
        shown = math.floor(self.score * 100) / 100
        score = f"{shown:.2f}"
        limit = Comment._meta.get_field("status_reason").max_length
        labels = self.reasons()
        while labels:
            sentence = gettext("Looks like spam (score %(score)s): %(features)s.") % {
                "score": score,
                "features": ", ".join(labels),
            }
            if len(sentence) <= limit:
                return sentence
            labels.pop()
        return gettext("Looks like spam (score %(score)s).") % {"score": score}


def starter_weight(own_documents):
    """How much the starter set counts beside the site's own `own_documents` decisions."""
    enough = settings.COMMENTS_SPAM_OWN_DECISIONS
    return 1.0 if own_documents <= enough else enough / own_documents


def classify(feats, *, starter, site=None):
    """The spam probability of a comment with these features, and the evidence for it.

    Naive Bayes over the features the comment has: each feature's chance of turning up in a
    spam comment and in a genuine one (the share of each kind's comments that had it, with
    Laplace smoothing), multiplied over the features, with equal priors. Features neither set
    of counts has seen say nothing and are skipped, so a comment in a language the filter
    never met scores about 0.5 rather than leaning either way.

    Per-comment shares rather than the multinomial's shares of all words: genuine stories are
    longer than spam, and the multinomial then counts every common word ("the", "but") as
    evidence of a genuine comment; `make spam-report` measured 93 % of spam caught against 98 %.
    """
    site = site or Counts(tokens={})
    weight = starter_weight(sum(site.documents))
    documents = [weight * starter.documents[c] + site.documents[c] + 2 * ALPHA for c in (0, 1)]
    evidence = []
    for feature in feats:
        (starter_ham, starter_spam), (ham, spam) = starter.get(feature), site.get(feature)
        ham, spam = weight * starter_ham + ham, weight * starter_spam + spam
        if ham <= 0 and spam <= 0:
            continue
        ratio = math.log((spam + ALPHA) / documents[SPAM]) - math.log(
            (ham + ALPHA) / documents[HAM]
        )
        evidence.append((feature, ratio))
    log_odds = sum(ratio for _, ratio in evidence)
    evidence.sort(key=lambda item: (-item[1], item[0]))
    return Verdict(_sigmoid(log_odds), tuple(evidence), advertises=bool(feats & CONTACT_FEATURES))


def _sigmoid(value):
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    return math.exp(value) / (1 + math.exp(value))


def train(items):
    """Counts learned from labelled items ({"label": "ham" | "spam", "name", "website", "text"})."""
    counts = Counts()
    for item in items:
        counts.learn(item_features(item), SPAM if item["label"] == "spam" else HAM)
    return counts


def load_items(path):
    """Labelled items from a JSON file: a list of {"label", "name", "website", "text"}."""
    items = json.loads(Path(path).read_text(encoding="utf-8"))
    for number, item in enumerate(items, 1):
        if item.get("label") not in ("ham", "spam") or not isinstance(item.get("text"), str):
            raise ValueError(f"Item {number}: needs a label (ham or spam) and a text.")
        item.setdefault("name", "")
    return items


@cache
def starter_counts():
    """The starter set's counts, learned once per process."""
    return train(load_items(STARTER_SET))


# Scoring a new comment -----------------------------------------------------------------------

# The row holding how many comments of each kind were learned; "=" starts no feature.
DOCUMENTS = "=documents"


def comment_verdict(comment):
    """Score a comment about to be stored: one query, for its features' counts and the totals."""
    feats = comment_features(comment)
    site = Counts(tokens={})
    rows = SpamToken.objects.filter(token__in=[*feats, DOCUMENTS])
    for token, ham, spam in rows.values_list("token", "ham", "spam"):
        if token == DOCUMENTS:
            site.documents = [ham, spam]
        else:
            site.tokens[token] = (ham, spam)
    return classify(feats, starter=starter_counts(), site=site)


# Learning from the moderators ----------------------------------------------------------------


def decision_label(*, old_status, new_status):
    """What a moderator's status change teaches: Approve and Not spam (spam → pending) say
    ham, Mark as spam says spam; Unapprove, Remove and Restore withdraw any earlier verdict."""
    Status, Label = Comment.Status, Comment.SpamLabel
    if new_status == Status.APPROVED:
        return Label.HAM
    if new_status == Status.SPAM:
        return Label.SPAM
    if new_status == Status.PENDING and old_status == Status.SPAM:
        return Label.HAM
    return Label.NONE


@transaction.atomic
def learn_decision(comments, *, status):
    """Learn from moderators moving `comments` (still holding their old status) to `status`.

    Each comment's label (Comment.spam_label) records what it taught, so a change of mind
    unlearns the old label before learning the new one, and the counts always equal what the
    labelled comments hold (train_spam_filter rebuilds exactly that). The labels are read
    under a row lock, so two moderators acting on one comment at once never count it twice.
    """
    by_pk = {comment.pk: comment for comment in comments}
    locked = Comment.objects.select_for_update().filter(pk__in=list(by_pk))
    changes, relabel = [], defaultdict(list)
    for pk, old_label in locked.values_list("pk", "spam_label"):
        comment = by_pk[pk]
        new_label = decision_label(old_status=comment.status, new_status=status)
        if new_label != old_label:
            changes.append((comment, old_label, new_label))
            relabel[new_label].append(pk)
    for label, pks in relabel.items():
        Comment.objects.filter(pk__in=pks).update(spam_label=label)
    _store(_deltas(changes))


def relearn(*, before=(), after=()):
    """Unlearn labelled comments as they were (`before`), learn them as they are (`after`).

    Every write that changes what a labelled comment taught (its name, website or text) or
    removes it calls this, so the counts keep equal to what the labelled comments that remain
    hold, as rebuild() would make them: an erased commenter's name, website and words leave
    the filter with them. Edits and deletions through the model reach it by the receivers
    below; services.commenter_erase calls it for its update().
    """
    changes = [(comment, comment.spam_label, "") for comment in before]
    changes += [(comment, "", comment.spam_label) for comment in after]
    _store(_deltas(changes))


# Connected when the app is ready (comments/apps.py), so every save and delete of a comment,
# from the admin, a command, a shell or a cascade, keeps the counts.
FEATURE_FIELDS = {"author_name", "author_url", "body", "spam_label"}


@receiver(pre_save, sender=Comment, dispatch_uid="spamfilter.relearn_saved")
def relearn_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A comment about to be saved: what it taught as stored gives way to what it will teach."""
    if raw or (update_fields is not None and not FEATURE_FIELDS & set(update_fields)):
        return
    stored = None
    if not instance._state.adding and instance.pk is not None:
        stored = Comment.objects.filter(pk=instance.pk).first()
    before = [stored] if stored and stored.spam_label else []
    after = [instance] if instance.spam_label else []
    if before or after:
        relearn(before=before, after=after)


@receiver(pre_delete, sender=Comment, dispatch_uid="spamfilter.unlearn_deleted")
def unlearn_deleted(sender, instance, origin=None, **kwargs):
    """A comment about to be deleted (a cascade's too) takes what it taught with it.

    Rows a queryset's delete collects are read fresh; a comment deleted through its own
    delete() may be an old copy, so the stored row is read instead.
    """
    if origin is instance:
        instance = Comment.objects.filter(pk=instance.pk).first()
    if instance is not None and instance.spam_label:
        relearn(before=[instance])


def rebuild():
    """Forget every learned count and learn again from every labelled comment; returns how many
    comments that was. The starter set is not stored: it is read from its file."""
    with transaction.atomic():
        SpamToken.objects.all().delete()
        labelled = Comment.objects.exclude(spam_label=Comment.SpamLabel.NONE)
        changes = [(comment, "", comment.spam_label) for comment in labelled.iterator()]
        _store(_deltas(changes))
    return len(changes)


def _deltas(changes):
    """The change to each row's [ham, spam] that unlearning and learning these labels makes."""
    deltas = defaultdict(lambda: [0, 0])
    for comment, old_label, new_label in changes:
        feats = comment_features(comment)
        for label, sign in ((old_label, -1), (new_label, 1)):
            if not label:
                continue
            column = SPAM if label == Comment.SpamLabel.SPAM else HAM
            for feature in feats:
                deltas[feature][column] += sign
            deltas[DOCUMENTS][column] += sign
    return {token: delta for token, delta in deltas.items() if any(delta)}


def _store(deltas):
    """Add the deltas to the stored counts, with F() so that concurrent writers add up."""
    if not deltas:
        return
    existing = set(SpamToken.objects.filter(token__in=deltas).values_list("token", flat=True))
    SpamToken.objects.bulk_create(
        [SpamToken(token=token) for token in deltas if token not in existing],
        ignore_conflicts=True,
    )
    groups = defaultdict(list)
    for token, (ham, spam) in deltas.items():
        groups[ham, spam].append(token)
    for (ham, spam), tokens in groups.items():
        SpamToken.objects.filter(token__in=tokens).update(
            ham=Greatest(F("ham") + ham, Value(0)), spam=Greatest(F("spam") + spam, Value(0))
        )


# Measuring -----------------------------------------------------------------------------------


@dataclass
class Report:
    """How a filter did on comments it never saw, at the configured thresholds."""

    spam: int = 0
    ham: int = 0
    spam_marked: int = 0
    spam_held: int = 0
    ham_marked: int = 0
    ham_held: int = 0
    ham_scores: list = field(default_factory=list)
    spam_scores: list = field(default_factory=list)

    def add(self, label, verdict):
        outcome, score = verdict.outcome, verdict.score
        if label == "spam":
            self.spam += 1
            self.spam_scores.append(score)
            self.spam_marked += outcome == "spam"
            self.spam_held += outcome == "held"
        else:
            self.ham += 1
            self.ham_scores.append(score)
            self.ham_marked += outcome == "spam"
            self.ham_held += outcome == "held"

    @property
    def precision(self):
        marked = self.spam_marked + self.ham_marked
        return self.spam_marked / marked if marked else 1.0

    @property
    def recall(self):
        return self.spam_marked / self.spam if self.spam else 1.0


def cross_validate(items, *, folds=10, seed=0, starter_items=None):
    """k-fold cross-validation: train on k-1 folds, score the held-out fold, k times.

    Folds are stratified (each holds its share of spam and ham). With `starter_items` the
    items are a site's history: each fold's model is the starter set plus the other folds of
    history, weighed as on the site.
    """
    rng = random.Random(seed)
    by_label = defaultdict(list)
    for item in items:
        by_label[item["label"]].append(item)
    fold_of = {}
    for group in by_label.values():
        order = list(range(len(group)))
        rng.shuffle(order)
        for rank, index in enumerate(order):
            fold_of[id(group[index])] = rank % folds
    starter = train(starter_items) if starter_items is not None else None
    report = Report()
    for fold in range(folds):
        training = [item for item in items if fold_of[id(item)] != fold]
        if starter is None:
            model = {"starter": train(training)}
        else:
            model = {"starter": starter, "site": train(training)}
        for item in items:
            if fold_of[id(item)] == fold:
                report.add(item["label"], classify(item_features(item), **model))
    return report
