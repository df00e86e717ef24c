"""What a patient may not mean to publish in a story, and words that need a person to read them.

`personal_data()` finds ways to reach or recognise someone (phone numbers, email and street
addresses, dates of birth, named doctors and nurses) so that the comment form can ask before
anything is stored; `crisis_wording()` finds words of distress so that a moderator sees them
first. Stories about hemifacial spasm are full of doses, unit counts, years, dates of injections
and the Jannetta procedure, so every pattern is written to let those pass; docs/privacy-check.md
explains each edge case.

Pure Python on `re` alone: no database, so the form, the moderation rules and the triage
can all call it. Curly apostrophes are read as straight ones; offsets are into the text given.
"""

import re
from dataclasses import dataclass

PHONE, EMAIL, ADDRESS, BIRTH_DATE, TITLED_NAME, CRISIS = (
    "phone",
    "email",
    "address",
    "birth-date",
    "titled-name",
    "crisis",
)

LABELS = {
    PHONE: "a phone number",
    EMAIL: "an email address",
    ADDRESS: "a street address",
    BIRTH_DATE: "a date of birth",
    TITLED_NAME: "a named person",
    CRISIS: "words of distress",
}

EXPLANATIONS = {
    PHONE: "A phone number lets anyone who reads this page call or text you.",
    EMAIL: "An email address lets anyone who reads this page write to you, and it can end up "
    "on lists that send unwanted mail.",
    ADDRESS: "An address tells anyone who reads this page where you live or can be found.",
    BIRTH_DATE: "A date of birth, together with a first name or a town, can be enough for a "
    "stranger to find out who you are.",
    TITLED_NAME: "Naming a doctor or nurse can identify you as well as them, and your story is "
    "just as useful to other patients without the name.",
    CRISIS: "This page is public and not watched at every hour, so if you are struggling right "
    "now, please also talk to someone who can be with you or call a helpline.",
}


@dataclass(frozen=True)
class Finding:
    """Text that looks like `kind`: text[start:end] of the text that was checked."""

    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return LABELS[self.kind]


# Shared pieces. The capital letters of the Latin scripts (A-Z, É, Ñ, Ł, Š ...) tell a name
# from an ordinary word; a gap stays within one line, so a name never runs into the next line.
_CAPITAL = "".join(c for c in map(chr, range(0x250)) if c.isupper())
_CAPITALISED = rf"[{_CAPITAL}][^\W\d_]*"
_GAP = r"[^\S\n]+"
_MONTH = r"""(?:
    jan(?:uary|vier|uar)? | feb(?:ruary|ruar)? | février | mar(?:ch|s)? | märz | apr(?:il)?
  | avril | may | mai | june? | juni | juin | july? | juli | juillet | aug(?:ust)? | août
  | sept?(?:ember)? | septembre | oct(?:ober)? | octobre | okt(?:ober)? | nov(?:ember)?
  | novembre | dec(?:ember)? | décembre | dez(?:ember)?
)\b\.?"""

# Phone numbers in the shapes people write them: international (+44 20 7946 0958), North
# American ((555) 123-4567, 555-123-4567) and national ones that start with the trunk 0
# (020 7946 0958, 01 23 45 67 89). A number without + or 0 must have the North American
# 3-3-4 shape, so years, year ranges, doses and unit counts never qualify. How many digits
# each shape needs is in PHONE_DIGITS: it keeps dates such as 03.05.1961 (8 digits) out.
PHONE_PATTERN = re.compile(
    r"""
    (?<![\w+./-])                           # not the tail of a longer number, word or date
    (?:
        (?P<international>
            \+\d{1,3} (?:\ ?\(0\)\ ? | [\ .-])  # country code, maybe with the UK's "(0)"
            \d{1,6} (?:[\ .-]\d{1,6}){1,5}
          | \+\d{8,15}
        )
      | (?P<north_american>
            (?:\+?1[\ .-]?)?
            (?: \(\d{3}\)\ ?\d{3}[\ .-]\d{4}
              | \d{3}(?P<separator>[\ .-])\d{3}(?P=separator)\d{4} )
        )
      | (?P<national>
            0\d{1,4} (?:[\ .-]\d{2,8}){1,4}     # 020 7946 0958, 07700 900123, 030 1234567
          | \(0\d{1,4}\)\ ?\d{2,8} (?:[\ .-]\d{2,8}){0,3}
          | 0\d{8,10}
        )
    )
    (?![\w@]|[.,/:-]\d)                     # nor the head of one
    """,
    re.VERBOSE,
)
PHONE_DIGITS = {
    "international": range(8, 16),
    "north_american": range(10, 12),
    "national": range(9, 12),
}

# Email addresses, and the same written out to dodge robots ("jo at example dot com"): people
# who write that mean it to be read. Written out, only the word "dot" counts as the dot, and
# the address must end in a common top-level domain, so "at home dot on the i" passes.
_WRITTEN_DOT = r"(?:\s*[\[(]dot[\])]\s*|\s+dot\s+)"
EMAIL_PATTERN = re.compile(
    rf"""
    (?<![\w.+-])
    (?:
        [\w.+-]+ @ [\w-]+ (?:\.[\w-]+)* \.[^\W\d_]{{2,}}\b
      | [\w.+-]+ (?:\s*[\[(]at[\])]\s* | \s+at\s+) [\w-]+ (?:{_WRITTEN_DOT}[\w-]+)*
        {_WRITTEN_DOT} (?:com|org|net|edu|gov|info|co|uk|ie|de|fr|es|it|nl|be|ch|at|au|ca|nz
                          |in|us|eu|io|me)\b
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Street addresses need a house number and a street word, in the orders used in English
# (12 Baker Street), French, Spanish and Italian (45 Rue de Rivoli), and German, Dutch,
# Spanish and Italian (Hauptstraße 12, Calle Mayor 5). The street's name must be capitalised,
# so "5 miles down the road" passes, and may not be a month, so "on 3 May Dr Smith" is a date
# and a doctor. UK postcodes and US "City, ST 12345" count as addresses on their own.
_STREET_WORD = r"""(?i:
    (?:street|road|avenue|lane|drive|close|court|place|crescent|terrace|way|boulevard|gardens
      |grove|square|row|mews|parade|highway|parkway|circle)\b
  | (?:st|rd|ave|av|ln|dr|ct|pl|cres|terr|blvd|gdns|sq|hwy|pkwy)\b\.?
)"""
_ROMANCE_STREET_FIRST = r"""(?i:
    rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|cours|calle|avenida
  | via|viale|piazza|corso
)"""
_PARTICLE = (
    r"(?:de|du|des|la|le|l'|d'|del|de\ la|della|di|da|do|dos|das|van|von|der|den|y|bin|ibn|al)"
)
ADDRESS_PATTERN = re.compile(
    rf"""
    (?<![\w.,/-])
    (?:
        (?:(?:Flat|Apartment|Apt\.?|Unit|Suite) \s+ \d{{1,4}}[A-Za-z]?,?\s+)?
        \d{{1,5}}[A-Za-z]? (?:-\d{{1,5}})? ,?\s+            # 12, 221B, 12-14
        (?:(?!(?i:{_MONTH})){_CAPITALISED}(?:'s|\.)?\s+){{1,3}}  # Baker, Pennsylvania, St. John's
        {_STREET_WORD}
      | \d{{1,4}} (?:\ ?(?:bis|ter))? ,?\s+ {_ROMANCE_STREET_FIRST} \s+
        (?:{_PARTICLE}\s*)* {_CAPITALISED} (?:[\s-]{_CAPITALISED}){{0,3}}
      | (?: {_CAPITALISED}(?i:straße|strasse|str\.|weg|allee|platz|gasse|straat|laan
                             |gracht|plein|gatan|gade|vej)
          | {_CAPITALISED}\s+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse)
          | (?:Calle|C/|Avenida|Avda\.|Paseo|Plaza|Camino|Carrer|Rua|Via|Viale|Piazza|Corso)
            \s+ (?:{_PARTICLE}\s+)* {_CAPITALISED} (?:\s+(?:{_PARTICLE}\s+)*{_CAPITALISED}){{0,3}}
            ,?
        )
        \s+ (?:n[º°o]\.?\s*)? \d{{1,4}}[A-Za-z]? (?!\d)
      | [A-Z]{{1,2}}\d[A-Z\d]?\ ?\d[A-Z]{{2}}                # UK postcode: SW1A 1AA
      | (?:{_CAPITALISED}\ ){{0,2}}{_CAPITALISED},\ (?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]
          |K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])
        \ \d{{5}}(?:-\d{{4}})?                              # Springfield, IL 62704
    )
    (?![\w-])
    """,
    re.VERBOSE,
)

# A date of birth is a date right after words that say so ("born on", "date of birth:", "DOB",
# "my birthday is", "né le", "geboren am"). A date on its own is when something happened, and a
# year or a month alone ("born in 1961") is too vague to find someone by, so neither counts.
# The finding is the date itself.
_DATE = rf"""(?:
    \d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})         # 03/05/1961, 3.5.1961, 5/3/61
  | \d{{4}}-\d{{1,2}}-\d{{1,2}}                            # 1961-05-03
  | \d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+(?:of\s+)?{_MONTH}    # 3 May, 3rd of May, 3. Mai
    (?:,?\s+(?:\d{{4}}|'\d{{2}}))?
  | {_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})? # May 3, 1961
)(?!\d)"""
BIRTH_DATE_PATTERN = re.compile(
    rf"""
    \b(?:born | date\s+of\s+birth | d\.?o\.?b\b\.? | birth\s?date | birthday
       | n[ée]e?\s+le | geboren\s+am | geb\.)
    [\s:,\u2013-]* (?:(?:is|was|on|the)\s+){{0,2}}
    (?P<date>{_DATE})
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A title and a capitalised name: "Dr. Jane Smith", "nurse Karen", "Mme Dupont". Words that
# start sentences or name no one ("Dr. Then", "Dr Google", "Nurse Specialist") are not names.
# A procedure named after a surgeon ("Dr. Jannetta's procedure", "Dr Smith's technique") is a
# method, not a person; an eponym such as Jannetta needs no "'s" to be one.
_NOT_NAMES = r"""(?:
    I|A|An|The|This|That|These|Those|It|He|She|We|They|You|My|Your|His|Her|Our|Their|Its|And|But
  | Or|So|Then|When|While|After|Before|Since|Until|Because|Although|Though|If|As|At|In|On|To|For
  | From|With|Without|About|Of|By|Who|What|Where|Why|How|Yes|No|Not|Now|Today|Yesterday|Tomorrow
  | Later|Afterwards|Also|Still|Just|Well|Oh|Please|Thanks|Thank|Sadly|Luckily|Thankfully
  | Unfortunately|Hopefully|Eventually|Finally|First|Next|Last|Anyway
  | Google|Internet|Botox|Specialist|Practitioner|Consultant|Registrar|Team|Clinic|Hospital
  | Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May
  | June|July|August|September|October|November|December
)"""
_EPONYMS = ("Jannetta",)
_NAME_WORD = rf"(?!{_NOT_NAMES}\b)[{_CAPITAL}](?:'[{_CAPITAL}])?[^\W\d_]+(?:-[^\W\d_]+)*"
_PROCEDURE = rf"""(?:microvascular{_GAP})?
    (?i:procedure|operation|op|technique|method|surgery|decompression|mvd)\b"""
TITLED_NAME_PATTERN = re.compile(
    rf"""
    (?<![\w.'-])
    (?: (?i:doctor|dr|professor|prof|nurse)                # also typed in lower case
      | Doctora|Docteur|Doktor|Dra|Mrs|Mr|Ms|Mx|Miss|Mme|Mlle|Herr|Frau )
    (?:\.[^\S\n]*|{_GAP})
    (?>                                                    # the whole name, no backing off
        (?:{_PARTICLE}{_GAP}){{0,2}} {_NAME_WORD} (?:{_GAP}{_NAME_WORD}){{0,2}}
    )
    (?! '[sS]{_GAP}{_PROCEDURE}
      | (?:{"|".join(f"(?<={name})" for name in _EPONYMS)}) (?:'s)?{_GAP}{_PROCEDURE} )
    """,
    re.VERBOSE,
)

# Words of distress: self-harm, suicide, not wanting to live. Common figures of speech in
# these stories ("this twitch is killing me", "I could die of embarrassment", "the nerve could
# die", trigeminal neuralgia's nickname "the suicide disease", a Botox overdose) pass; when in
# doubt it flags, since a moderator reading a story first costs little.
CRISIS_PATTERN = re.compile(
    r"""
    \b(?:
        (?:kill|killing|killed|harm|harming|hang|hanging|hurting|cutting|burning|starving)
        \s+my\s?self
      | cut\s+myself (?!\s+(?:shaving|by\s+accident|accidentally|while|on|cooking)\b)
      | suicid(?:e|al|ally) (?!\s+disease)
      | self[\s-]?harm(?:ing)?
      | (?:end|ending|ended|take|taking)\s+(?:it\s+all|my\s+(?:own\s+)?life)
      | (?:can't|cannot|can\s+not|cant)\s+(?:go|carry)\s+on
        (?=\s+(?:like\s+this|any\s?more|living)\b|\s*(?:[.!?,;]|$))   # not "go on holiday"
      | (?:can't|cannot|cant)\s+take\s+(?:it|this)\s+any\s?more
      | (?:don't|do\s+not|dont)\s+want\s+to\s+(?:live|be\s+alive|be\s+here|exist|wake\s+up)\b
        (?!\s+(?:with|in|at|near|there|on|abroad|alone|together)\b)  # not "live with this"
      | (?:no|any)\s+reason\s+to\s+(?:live|go\s+on)
      | nothing\s+(?:left\s+)?to\s+live\s+for
      | no\s+point\s+(?:in\s+)?(?:living|going\s+on)
      | not\s+worth\s+living
      | better\s+off\s+(?:dead|without\s+me)
      | (?:want|wanted|wanna)\s+to\s+die
        (?!\s+(?:of|from)\s+(?:embarrassment|shame|laughing|laughter)\b)
      | wish\s+I\s+(?:was|were)\s+dead
      | (?:took|take|taking|taken)\s+(?:an?\s+)?overdose (?!\s+of\s+botox\b)
      | overdosed (?!\s+on\s+botox\b)
    )\b
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Curly apostrophes become straight ones, one character for one, so offsets still hold.
_STRAIGHT_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def personal_data(text: str) -> list[Finding]:
    """Phone numbers, email and street addresses, dates of birth and titled names in `text`."""
    text = text.translate(_STRAIGHT_APOSTROPHES)
    phones = (
        Finding(PHONE, *match.span())
        for match in PHONE_PATTERN.finditer(text)
        if len(re.sub(r"\D", "", match[0])) in PHONE_DIGITS[match.lastgroup]
    )
    return _without_overlaps(
        [
            *phones,
            *_findings(EMAIL, EMAIL_PATTERN, text),
            *_findings(ADDRESS, ADDRESS_PATTERN, text),
            *_findings(BIRTH_DATE, BIRTH_DATE_PATTERN, text, group="date"),
            *_findings(TITLED_NAME, TITLED_NAME_PATTERN, text),
        ]
    )


def crisis_wording(text: str) -> list[Finding]:
    """Words of self-harm, suicide or not wanting to live in `text`."""
    text = text.translate(_STRAIGHT_APOSTROPHES)
    return _without_overlaps(list(_findings(CRISIS, CRISIS_PATTERN, text)))


# A "full name" is capitalised words, perhaps joined by particles ("Ludwig van Beethoven") or
# with middle initials; words that sign as a role rather than a person make it a nickname.
_FULL_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
_INITIAL = re.compile(r"[^\W\d_]\.?")
_NAME_PARTICLE = re.compile(_PARTICLE, re.VERBOSE)
_ROLE_WORD = re.compile(r"anonymous|anon|mum|mom|mam|dad|guest|patient|reader|user", re.I)


def full_name_suggestion(name: str) -> str | None:
    """A shorter signature ("Shirley B.") when the Name field holds a full name, else None.

    A story signed with a full name is easy to find by searching for it; the first name and
    the initial of the last keep it personal without that.
    """
    words = name.split()
    if len(words) < 2 or any(_ROLE_WORD.fullmatch(word) for word in words):
        return None
    first, *middle, last = words
    if not (_is_name_word(first) and _is_name_word(last)):
        return None
    if not all(
        _is_name_word(word) or _NAME_PARTICLE.fullmatch(word) or _INITIAL.fullmatch(word)
        for word in middle
    ):
        return None
    return f"{first} {last[0]}."


def _is_name_word(word):
    return len(word) > 1 and word[0].isupper() and _FULL_NAME_WORD.fullmatch(word) is not None


def _findings(kind, pattern, text, group=0):
    return (Finding(kind, *match.span(group)) for match in pattern.finditer(text))


def _without_overlaps(findings):
    """Sorted by start; where findings overlap, the earliest (then the longest) is kept, so one
    stretch of text is reported once."""
    kept = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept
