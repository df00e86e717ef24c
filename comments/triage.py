"""Triage: what in a comment a moderator should read first, as tags stored on the comment.

- `distress`: words of self-harm or suicide (sensitive.crisis_wording); the poster is shown
  crisis help at once, the moderators are emailed as urgent, and the comment is never marked
  spam automatically (moderation.decide);
- `personal-data`: a phone number, an address, a named doctor... (sensitive.personal_data);
- `medical-claim`: a dose ("100 units", "50 mg"), a cure or a miracle, a drug or a procedure
  by name. Most stories here name Botox or the Jannetta operation, so the tag says "check the
  facts", not "something is wrong"; "my doctor cured my cold" is tagged too, as telling a
  cure from a claim is the moderator's part;
- `commercial`: a link to a shop, clinic or product, or the words of an offer ("buy cheap",
  "20% off", "order now", "only $49"). A patient's own costs ("I paid for the surgery
  myself", "it cost me £300") are not offers.

The risk ranks the queue: the highest of the tags' RISK. Pure Python apart from the crisis
help text, so that the form, the services and the moderation rules can all call it.
"""

import re
from urllib.parse import urlsplit

from django.utils.translation import gettext, gettext_noop

from .models import CrisisHelp
from .sensitive import crisis_wording, personal_data
from .spamfilter import link_host, links_in

DISTRESS, PERSONAL_DATA, MEDICAL_CLAIM, COMMERCIAL = (
    "distress",
    "personal-data",
    "medical-claim",
    "commercial",
)
RISK = {DISTRESS: 3, PERSONAL_DATA: 2, MEDICAL_CLAIM: 1, COMMERCIAL: 1}

MEDICAL_CLAIM_PATTERN = re.compile(
    r"""
    \b(?:
        \d+(?:[.,]\d+)?\s?(?:units?|iu|mg|mcg|µg|ug|ml)               # 100 units, 0.5 ml
      | (?<!\bno\s)(?<!\bnot\sa\s)                                    # not "there is no cure"
        (?:cure[sd]?|curing|curative|miracles?|miraculous)
      | guaranteed | 100\s?%\s+(?:effective|success)
      | botox | botulinum | dysport | xeomin | myobloc
      | carbamazepine | tegretol | oxcarbazepine | trileptal | gabapentin | neurontin
      | pregabalin | lyrica | baclofen | clonazepam | rivotril | klonopin | haloperidol
      | microvascular\s+decompression | mvd | jannetta | gamma\s+knife | radiosurgery
    )\b
    """,
    re.VERBOSE | re.IGNORECASE,
)

_PRICE = r"(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:[$€£]|usd|eur|gbp|dollars|euros|pounds)\b)"
COMMERCIAL_PATTERN = re.compile(
    rf"""
    \b(?:
        buy\s+(?:cheap|now|online|here|today|direct(?:ly)?|from\s+(?:us|our))
      | order\s+(?:now|today|online|yours)
      | discounts? | coupons? | promo(?:tion(?:al)?)?\s+codes? | \d+\s?%\s+off
      | (?:special|limited|exclusive)\s+offer | free\s+(?:shipping|delivery|consultation)
      | (?:best|lowest|cheapest)\s+prices? | for\s+sale | call\s+(?:us\s+)?now | book\s+now
      | (?:our|my)\s+(?:clinic|practice|shop|store|products?|company|centre|center)
        \s+(?:offers?|sells?|provides?|has\s+(?:an?\s+)?(?:offer|deal|discount))
      | we\s+(?:sell|ship|deliver|offer\s+(?:a|an|free|the\s+best|\d))
      | visit\s+our\s+(?:website|site|clinic|shop|store)
    )\b
    | \b(?:only|just|from|now|as\s+low\s+as)\s+{_PRICE}
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A link whose host or path names a shop, a clinic or a product: shop.example, face-clinic.uk,
# example.com/buy/botox. "workshop" is a meeting, not a shop.
COMMERCIAL_LINK_PATTERN = re.compile(
    r"""
    (?<!work)(?:shop|store|clinic|pharmacy|pharma)
  | (?<![a-z])(?:buy|order|cart|checkout|deals?|discount|sale|coupon|products?|pills)(?![a-z])
    """,
    re.VERBOSE | re.IGNORECASE,
)


def tags_for(comment):
    """The comment's triage tags, sorted: from its text, and its website for `commercial`."""
    text = comment.body
    found = {
        DISTRESS: bool(crisis_wording(text)),
        PERSONAL_DATA: bool(personal_data(text)),
        MEDICAL_CLAIM: bool(MEDICAL_CLAIM_PATTERN.search(text)),
        COMMERCIAL: is_commercial(text, website=comment.author_url),
    }
    return sorted(tag for tag, present in found.items() if present)


def is_commercial(text, *, website=""):
    if COMMERCIAL_PATTERN.search(text):
        return True
    links = [*links_in(text), *([website] if website else [])]
    return any(COMMERCIAL_LINK_PATTERN.search(_host_and_path(link)) for link in links)


def _host_and_path(link):
    """Where a link leads, without its query: a tracking "?ref=shop" names no shop."""
    if link.startswith("mailto:"):
        return link_host(link)
    try:
        return link_host(link) + urlsplit(link).path
    except ValueError:
        return ""


def risk_of(tags):
    return max((RISK[tag] for tag in tags), default=0)


def triage(comment):
    """Set the comment's tags and risk from what it says now (the caller saves it)."""
    tags = tags_for(comment)
    comment.tags = " ".join(tags)
    comment.risk = risk_of(tags)


def in_distress(comment):
    """Whether the comment's stored tags say distress."""
    return DISTRESS in comment.tags.split()


# The help a poster in distress is shown at once, until an editor writes the site's own in the
# admin (CrisisHelp). Plain text: a blank line starts a paragraph, addresses become links.
# Marked here, translated when shown: the poster reads it in their own language.
DEFAULT_CRISIS_HELP = gettext_noop("""\
It sounds like you are going through a very hard time. You do not have to face this alone, \
and help is there right now.

If you are in danger or might act on these thoughts, call your local emergency number now: \
112 in the EU, 911 in the US and Canada, 999 in the UK, 000 in Australia.

To talk to someone now, free and in confidence: call or text 988 in the US, or call \
Samaritans on 116 123 in the UK and Ireland. For a helpline in your country, see \
findahelpline.com.

If you can, tell someone near you how you feel, and stay with them for now. This site is not \
watched at every hour, so please do not wait for an answer here.""")


def crisis_help_text():
    """The editors' crisis help text, or the default (in the reader's language) while they
    have written none."""
    text = CrisisHelp.objects.values_list("text", flat=True).first()
    return text or gettext(DEFAULT_CRISIS_HELP)


def crisis_help_for(text):
    """The crisis help for a poster whose `text` holds words of distress, else None."""
    return crisis_help_text() if crisis_wording(text) else None
