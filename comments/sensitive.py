"""What a patient may not mean to publish in a story, and words that need a person to read them.

`personal_data()` finds ways to reach or recognise someone (phone numbers, email and street
addresses, dates of birth, named doctors and nurses) so that the comment form can ask before
anything is stored; `crisis_wording()` finds words of distress so that a moderator sees them
first. Stories about hemifacial spasm are full of doses, unit counts, years, dates of injections
and the Jannetta procedure, so every pattern is written to let those pass; docs/privacy-check.md
explains each edge case.

Pure Python on `re` (and Django's translations for the words a poster reads): no database, so
the form, the moderation rules and the triage can all call it. Curly apostrophes are read as
straight ones; offsets are into the text given.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PHONE, EMAIL, ADDRESS, BIRTH_DATE, TITLED_NAME, CRISIS = (
    "phone",
    "email",
    "address",
    "birth-date",
    "titled-name",
    "crisis",
)

# What a finding is, as a screen reader says it inside the highlighted text.
LABELS = {
    PHONE: _("a phone number"),
    EMAIL: _("an email address"),
    ADDRESS: _("a street address"),
    BIRTH_DATE: _("a date of birth"),
    TITLED_NAME: _("a named person"),
    CRISIS: _("words of distress"),
}

# Why the privacy check asks about each kind, as the poster reads it before posting.
EXPLANATIONS = {
    PHONE: _("A phone number lets anyone who reads this page call or text you."),
    EMAIL: _(
        "An email address lets anyone who reads this page write to you, and it can end up "
        "on lists that send unwanted mail."
    ),
    ADDRESS: _("An address tells anyone who reads this page where you live or can be found."),
    BIRTH_DATE: _(
        "A date of birth, together with a first name or a town, can be enough for a "
        "stranger to find out who you are."
    ),
    TITLED_NAME: _(
        "Naming a doctor or nurse can identify you as well as them, and your story is "
        "just as useful to other patients without the name."
    ),
    CRISIS: _(
        "This page is public and not watched at every hour, so if you are struggling right "
        "now, please also talk to someone who can be with you or call a helpline."
    ),
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

# Words of distress, one list of patterns per language the site speaks: a first-person wish to
# die, suicide, self-harm, not wanting to live, and having no way out or being unable to go on
# ("I can't take it anymore", not "I can't go on holiday"). Death as a topic ("muerte súbita",
# "a risk of death") is not a wish and passes, as do the figures of speech common in these
# stories: "this twitch is killing me", "I could die of embarrassment", "the nerve could die",
# trigeminal neuralgia's nickname "the suicide disease", a Botox overdose; "me muero de risa",
# "muerto de cansancio"; "mort de rire", "je meurs de faim"; "ich sterbe vor Lachen",
# "todmüde", "zum Sterben langweilig". A negated wish ("no quiero morir", "ich will nicht
# sterben") passes too. When in doubt it flags, since a moderator reading a story first costs
# little. Each pattern is a regular expression, written in lower case (crisis_wording reads the
# text in lower case), that matches whole words; an accented letter in it also matches its plain
# spelling (_accents_optional).
_CLAUSE_END = r"\s*(?:[.!?,;:…)]|$)"  # the words end their sentence or clause

# The word suicide and its family, shared by English, Spanish and French ("suicidal",
# "suicidio", "suicidarme", "suicidaire"), but not in the names of trigeminal neuralgia.
_SUICIDE = r"(?<!enfermedad\sdel\s)(?<!maladie\sdu\s)suicid\w*+(?!\s+disease)"

# Dying *of* something is a figure of speech: "morirme de vergüenza", "mourir de rire".
_ES_DYING_OF = (
    r"(?!\s+de\s+(?:la\s+)?(?:risa|vergüenza|envidia|ganas|pena|aburrimiento|sueño|hambre"
    r"|frío|calor|cansancio|miedo|asco)\b)"
)
_FR_DYING_OF = r"(?!\s+d(?:e\s+|')(?:rire|honte|faim|soif|froid|chaud|ennui|envie|fatigue|peur)\b)"
# Words that may stand between a German verb and its infinitive: "ich will einfach nur sterben".
_DE_FILLER = (
    r"(?:(?:einfach|nur|noch|lieber|am\s+liebsten|so|gern|gerne|jetzt|bald|endlich|wirklich)"
    r"\s+){0,3}"
)

CRISIS_WORDING = {
    "en": [
        r"(?:kill|killing|killed|harm|harming|hang|hanging|hurting|cutting|burning|starving)"
        r"\s+my\s?self",
        r"cut\s+myself(?!\s+(?:shaving|by\s+accident|accidentally|while|on|cooking)\b)",
        r"self[\s-]?harm(?:ing)?",
        r"(?:end|ending|ended|take|taking)\s+(?:it\s+all|my\s+(?:own\s+)?life)",
        # not "can't go on holiday"
        r"(?:can't|cannot|can\s+not|cant)\s+(?:go|carry)\s+on"
        rf"(?=\s+(?:like\s+this|any\s?more|living)\b|{_CLAUSE_END})",
        r"(?:can't|cannot|cant)\s+take\s+(?:it|this)\s+any\s?more",
        r"(?:see|seeing)\s+no\s+way\s+out|no\s+way\s+out\s+(?:any\s?more|for\s+me)",
        # not "I don't want to live with this"
        r"(?:don't|do\s+not|dont)\s+want\s+to\s+(?:live|be\s+alive|be\s+here|exist|wake\s+up)\b"
        r"(?!\s+(?:with|in|at|near|there|on|abroad|alone|together)\b)",
        r"(?:no|any)\s+reason\s+to\s+(?:live|go\s+on)",
        r"nothing\s+(?:left\s+)?to\s+live\s+for",
        r"no\s+point\s+(?:in\s+)?(?:living|going\s+on)",
        r"not\s+worth\s+living",
        r"better\s+off\s+(?:dead|without\s+me)",
        r"(?:want|wanted|wanna)\s+to\s+die"
        r"(?!\s+(?:of|from)\s+(?:embarrassment|shame|laughing|laughter)\b)",
        r"wish\s+i\s+(?:was|were)\s+dead",
        r"(?:took|take|taking|taken)\s+(?:an?\s+)?overdose(?!\s+of\s+botox\b)",
        r"overdosed(?!\s+on\s+botox\b)",
    ],
    "es": [
        # "quiero morirme", "me quiero morir", "quisiera estar muerta"; not "no quiero morir"
        r"(?<!\bno\s)(?<!\bno\sme\s)(?:me\s+)?(?:quiero|quería|quisiera|querría|deseo|gustaría)"
        rf"\s+(?:morir(?:me)?|estar\s+muert[oa]){_ES_DYING_OF}",
        rf"ganas\s+de\s+morir(?:me)?{_ES_DYING_OF}",
        r"ojalá\s+(?:me\s+muriera|me\s+muera|estuviera\s+muert[oa]|no\s+despertara"
        r"|no\s+hubiera\s+nacido)",
        r"mejor\s+(?:estar\s+)?muert[oa]s?",
        r"(?:estarían|estaría|estarán|están|vivirían)\s+mejor\s+sin\s+mí",
        # not "matarme a trabajar", working oneself to death
        r"(?:matarme|me\s+(?:voy\s+a|quiero|quisiera)\s+matar)(?!\s+a\s+(?:trabajar|estudiar))",
        r"ahorcarme|me\s+(?:voy\s+a\s+)?ahorcar",
        r"quitarme\s+la\s+vida|me\s+(?:voy\s+a\s+)?quit(?:o|é|aré)\s+la\s+vida",
        rf"(?:acabar|terminar)\s+con\s+(?:mi\s+vida|todo(?=\s+(?:ya|de\s+una\s+vez)\b|{_CLAUSE_END}))",
        r"poner(?:le)?\s+fin\s+a\s+mi\s+vida",
        r"autolesi(?:ón|ones|onarme|ono|oné|onaba|onándome)",
        r"hacerme\s+daño",
        r"(?:cortarme|me\s+corto|me\s+corté|me\s+he\s+cortado|me\s+cortaba)"
        r"\s+(?:las\s+venas|las\s+muñecas|los\s+brazos)",
        # not "no quiero vivir con esto", living with the spasm
        r"no\s+quiero\s+(?:vivir|seguir\s+viviendo|estar\s+viv[oa]|existir|despertar(?:me)?)"
        r"(?!\s+(?:con|en|allí|allá|ahí|aquí|cerca|lejos|sol[oa]|junt[oa]s|fuera|temprano)\b)",
        r"(?:ninguna|no\s+tengo|no\s+hay|sin)\s+(?:ninguna\s+|ningún\s+)?"
        r"(?:razón|razones|motivo|motivos)\s+para\s+(?:vivir|seguir\s+viviendo)",
        r"nada\s+por\s+(?:lo\s+)?qué\s+vivir",
        r"no\s+(?:vale|merece)\s+la\s+pena\s+(?:vivir|seguir\s+viviendo)"
        r"|vida\s+(?:ya\s+)?no\s+(?:vale|merece)\s+la\s+pena",
        r"no\s+tiene\s+sentido\s+(?:vivir|seguir\s+viviendo)",
        # "no puedo más", "no aguanto más"; not "no aguanto más de una hora"
        r"no\s+(?:puedo|aguanto|soporto)\s+más(?!\s+(?:de|que)\b)",
        r"no\s+lo\s+(?:aguanto|soporto)\s+más",
        # "no puedo seguir así"; not "no puedo seguir trabajando"
        rf"no\s+(?:puedo|quiero)\s+seguir(?:\s+(?:así|viviendo)|(?:\s+adelante)?(?={_CLAUSE_END}))",
        r"no\s+(?:veo|encuentro|tengo)\s+(?:ninguna\s+)?salida",
        r"(?:tomé|tomar|tomarme|tomado)\s+una\s+sobredosis(?!\s+de\s+botox)",
    ],
    "fr": [
        # "je veux mourir", "envie de mourir", "je voudrais être morte"; not "mourir de rire"
        r"(?:veux|voudrais|voulais|aimerais|souhaite|(?<!pas\s)(?<!plus\s)envie\s+de)"
        rf"\s+(?:juste\s+|seulement\s+)?(?:mourir{_FR_DYING_OF}|être\s+morte?)",
        r"serais\s+mieux\s+morte?|plutôt\s+être\s+morte?|si\s+seulement\s+j'étais\s+morte?",
        r"(?:seraient|serait|seront|sont)\s+mieux\s+sans\s+moi",
        # not "me tuer au travail", working oneself to death
        r"me\s+tuer(?!\s+(?:au\s+travail|à\s+la\s+tâche))",
        r"me\s+(?:pendre|foutre\s+en\s+l'air"
        r"|jeter\s+(?:sous\s+un\s+(?:train|métro|bus)|par\s+la\s+fenêtre|d'un\s+pont))",
        r"m'ôter\s+la\s+vie|mettre\s+fin\s+à\s+(?:mes\s+jours|ma\s+vie)|me\s+donner\s+la\s+mort",
        # "j'ai envie d'en finir."; not "en finir avec ces piqûres"
        rf"(?:veux|voudrais|envie\s+d')\s*en\s+finir(?:\s+avec\s+(?:la|ma)\s+vie|(?={_CLAUSE_END}))",
        r"automutil\w*|scarifi\w*|me\s+(?:mutiler|faire\s+du\s+mal)",
        r"me\s+(?:couper|taillader)\s+les\s+(?:veines|poignets|bras)",
        # "je ne veux plus vivre"; not "je ne veux plus vivre avec ce tic"
        r"(?:veux\s+(?:plus|pas)|(?:plus|pas)\s+envie\s+de|envie\s+de\s+ne\s+plus)"
        r"\s+(?:vivre|être\s+en\s+vie)"
        r"(?!\s+(?:avec|sans|en|à|au|aux|dans|chez|ici|là|loin|près|seule?|ensemble)\b)",
        r"(?:aucune|plus\s+de|pas\s+de)\s+raisons?\s+de\s+vivre",
        r"vie\s+ne\s+vaut\s+(?:plus|pas)\s+la\s+peine|peine\s+d'être\s+vécue",
        r"(?:n'|j')en\s+peux\s+plus",
        rf"peux\s+plus\s+(?:continuer|vivre)(?:\s+(?:comme\s+ça|ainsi)|(?={_CLAUSE_END}))",
        r"vois\s+(?:(?:pas|plus)\s+d'|aucune\s+)issue",
        r"(?:pris|prendre|avalé)\s+une\s+(?:overdose|surdose)(?!\s+de\s+botox)",
    ],
    "de": [
        # "ich will sterben", "ich möchte nur noch sterben"; not "ich will nicht sterben"
        r"(?:will|möchte|wollte|würde\s+(?:lieber|am\s+liebsten))"
        rf"\s+{_DE_FILLER}(?:sterben(?!\s+vor\b)|tot\s+sein)",
        r"wäre?\s+(?:ich\s+)?(?:lieber|besser)\s+tot|wünschte,?\s+ich\s+wäre\s+tot",
        r"ohne\s+mich\s+(?:[^\W\d_]+\s+){0,3}?(?:besser|glücklicher)\s+dran"
        r"|(?:besser|glücklicher)\s+dran\s+ohne\s+mich",
        # not "der Tic bringt mich noch um"
        rf"(?:will|möchte|werde|wollte|könnte)\s+mich\s+{_DE_FILLER}(?:selbst\s+)?"
        r"(?:umbringen|töten|erhängen|aufhängen)",
        r"mich\s+(?:selbst\s+)?(?:umzubringen|zu\s+töten|zu\s+erhängen|aufzuhängen)",
        rf"ich\s+bringe?\s+mich\s+{_DE_FILLER}um(?!\s*\d)",
        r"mir\s+das\s+leben\s+(?:zu\s+)?nehmen|nehme\s+mir\s+das\s+leben",
        r"(?:selbstmord|suizid)(?!-?krankheit)\w*|freitod",
        r"ritze\s+mich|mich\s+(?:zu\s+)?ritzen|mich\s+geritzt|selbstverletz\w*",
        r"mir\s+(?:selbst\s+)?(?:weh\s?tun|wehzutun|etwas\s+antun|was\s+antun|etwas\s+anzutun)",
        # "ich will nicht mehr leben"; not "ich will nicht mehr mit diesem Tic leben"
        r"(?:will|möchte|wollte|mag)\s+(?:so\s+|einfach\s+)?nicht\s+mehr\s+(?:so\s+)?leben",
        rf"will\s+(?:einfach\s+)?nicht\s+mehr(?={_CLAUSE_END})",
        r"nicht\s+mehr\s+zu\s+leben",
        r"keine\s+lust\s+mehr\s+(?:zu\s+leben|auf\s+(?:das|mein)\s+leben)",
        r"keinen\s+grund\s+(?:mehr\s+)?(?:zu\s+leben|weiterzuleben)",
        r"(?:leben|alles)\s+(?:hat|macht)\s+keinen\s+sinn\s+mehr",
        r"lebensmüde|nicht\s+(?:mehr\s+)?weiter\s?leben",
        # "ich kann nicht mehr."; not "ich kann nicht mehr laufen"
        rf"kann\s+(?:einfach\s+|so\s+)?nicht\s+mehr(?:\s+weiter)?(?={_CLAUSE_END})",
        r"halte\s+(?:es|das|dies)\s+(?:einfach\s+)?nicht\s+mehr\s+aus",
        r"keinen\s+ausweg\s+mehr|sehe\s+keinen\s+ausweg",
        r"überdosis\s+(?:genommen|geschluckt)|(?:nehme|nahm)\s+(?:eine\s+)?überdosis"
        r"(?!\s+(?:von\s+)?botox)",
    ],
}

# Typed without accents: "más" as "mas", "daño" as "dano", "möchte" as "mochte" or, as German is
# written without umlauts, "moechte"; "ß" as "ss".
_PLAIN_SPELLINGS = {"ä": "ae?", "ö": "oe?", "ü": "ue?", "ß": "ss"}


def _accents_optional(pattern):
    """`pattern` with each accented letter also matching its plain spelling. (The patterns keep
    accented letters out of character classes, where an alternation cannot go.)"""

    def either(match):
        letter = match[0]
        plain = _PLAIN_SPELLINGS.get(letter) or unicodedata.normalize("NFD", letter)[0]
        return letter if plain == letter else f"(?:{letter}|{plain})"

    return re.sub(r"[^\W\d_a-zA-Z]", either, pattern)


CRISIS_PATTERN = re.compile(
    r"\b(?=\w)(?:"  # where a word starts
    + "|".join(
        _accents_optional(pattern)
        for pattern in [_SUICIDE, *(p for patterns in CRISIS_WORDING.values() for p in patterns)]
    )
    + r")\b",
    re.MULTILINE,
)

# Apostrophes typed as curly quotes, a modifier letter, or an acute or grave accent become
# straight ones, one character for one, so offsets still hold.
_STRAIGHT_APOSTROPHES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'"}
)


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
    # Lower case rather than IGNORECASE, which is slower across this many patterns. "İ" is the
    # one letter whose lower case is two characters; read as "I", it keeps the offsets.
    text = text.translate(_STRAIGHT_APOSTROPHES).replace("\u0130", "I").lower()
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
