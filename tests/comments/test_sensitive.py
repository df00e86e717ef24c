"""The privacy check's detector (comments/sensitive.py): what it finds, and the look-alikes from
stories about hemifacial spasm that it must let pass. docs/privacy-check.md has the reasons."""

import re

import pytest

from comments.sensitive import (
    ADDRESS,
    BIRTH_DATE,
    CRISIS,
    CRISIS_PATTERN,
    EMAIL,
    EXPLANATIONS,
    PHONE,
    TITLED_NAME,
    Finding,
    crisis_wording,
    full_name_suggestion,
    personal_data,
)


def found(detect, text):
    """(kind, the text found) for each finding, checking the offsets point into `text`."""
    return [(f.kind, text[f.start : f.end]) for f in detect(text)]


PERSONAL_DATA = [
    # Phone numbers, international and national, across countries.
    ("Call me on +44 20 7946 0958 any evening.", PHONE, "+44 20 7946 0958"),
    ("My number is 020 7946 0958.", PHONE, "020 7946 0958"),
    ("Text 07700 900123 if you want to talk.", PHONE, "07700 900123"),
    ("Ring +44 (0)20 7946 0958 please", PHONE, "+44 (0)20 7946 0958"),
    ("or (020) 7946 0958", PHONE, "(020) 7946 0958"),
    ("Reach me at (555) 123-4567 after six.", PHONE, "(555) 123-4567"),
    ("It's 555-123-4567.", PHONE, "555-123-4567"),
    ("It's 555.123.4567 at home", PHONE, "555.123.4567"),
    ("Dial 555 123 4567", PHONE, "555 123 4567"),
    ("From abroad: +1 555 123 4567", PHONE, "+1 555 123 4567"),
    ("US: +1 (555) 123-4567", PHONE, "+1 (555) 123-4567"),
    ("Appelez le +33 1 23 45 67 89 !", PHONE, "+33 1 23 45 67 89"),
    ("Mon numéro : 01 23 45 67 89", PHONE, "01 23 45 67 89"),
    ("Mon portable : 06.12.34.56.78", PHONE, "06.12.34.56.78"),
    ("Meine Nummer: +49 30 123456", PHONE, "+49 30 123456"),
    ("Festnetz 030 1234567, abends", PHONE, "030 1234567"),
    ("Sydney office +61 2 9876 5432", PHONE, "+61 2 9876 5432"),
    ("mobile 0412 345 678 anytime", PHONE, "0412 345 678"),
    ("WhatsApp +91 98765 43210", PHONE, "+91 98765 43210"),
    ("Unformatted: +447700900123", PHONE, "+447700900123"),
    ("Unformatted: 07700900123", PHONE, "07700900123"),
    # Email addresses, plain and written out.
    ("Email me at name@example.com.", EMAIL, "name@example.com"),
    ("first.last+tag@mail.co.uk is best", EMAIL, "first.last+tag@mail.co.uk"),
    ("Write to (JO_99@Example.ORG)", EMAIL, "JO_99@Example.ORG"),
    ("name at example dot com", EMAIL, "name at example dot com"),
    ("jo.smith [at] mail [dot] co [dot] uk", EMAIL, "jo.smith [at] mail [dot] co [dot] uk"),
    ("shirley(at)example(dot)org", EMAIL, "shirley(at)example(dot)org"),
    # Street addresses.
    ("I live at 12 Baker Street, London.", ADDRESS, "12 Baker Street"),
    ("Come to 221B Baker St. any time", ADDRESS, "221B Baker St."),
    ("1600 Pennsylvania Avenue is not mine", ADDRESS, "1600 Pennsylvania Avenue"),
    ("J'habite au 45 Rue de Rivoli, Paris.", ADDRESS, "45 Rue de Rivoli"),
    ("au 12 avenue des Champs-Élysées", ADDRESS, "12 avenue des Champs-Élysées"),
    ("Vivo en Calle Mayor 5, Madrid.", ADDRESS, "Calle Mayor 5"),
    ("Avenida Paulista 1000, São Paulo", ADDRESS, "Avenida Paulista 1000"),
    ("au 12 rue d'Alésia", ADDRESS, "12 rue d'Alésia"),
    ("Ich wohne in der Hauptstraße 12.", ADDRESS, "Hauptstraße 12"),
    ("Musterstr. 7, Berlin", ADDRESS, "Musterstr. 7"),
    ("Berliner Straße 5a", ADDRESS, "Berliner Straße 5a"),
    ("Via Roma 10, Milano", ADDRESS, "Via Roma 10"),
    ("Kerkstraat 5 in Utrecht", ADDRESS, "Kerkstraat 5"),
    ("Not quite 10 Downing St", ADDRESS, "10 Downing St"),
    ("We moved to 4 Elm Road last year", ADDRESS, "4 Elm Road"),
    ("Our house, 4 Elm Dr, is near the clinic", ADDRESS, "4 Elm Dr"),
    ("Flat 3, 15 High Road, Leeds", ADDRESS, "Flat 3, 15 High Road"),
    ("12 St. John's Wood Road", ADDRESS, "12 St. John's Wood Road"),
    ("My postcode is SW1A 1AA.", ADDRESS, "SW1A 1AA"),
    ("Manchester M1 1AE", ADDRESS, "M1 1AE"),
    ("I'm in Springfield, IL 62704 now", ADDRESS, "Springfield, IL 62704"),
    ("New York, NY 10001-1234", ADDRESS, "New York, NY 10001-1234"),
    # Dates of birth: the date after words that say so.
    ("I was born on 3 May 1961 in Leeds.", BIRTH_DATE, "3 May 1961"),
    ("born 03/05/1961", BIRTH_DATE, "03/05/1961"),
    ("Date of birth: 1961-05-03", BIRTH_DATE, "1961-05-03"),
    ("Date of birth \u2013 3 May 1961", BIRTH_DATE, "3 May 1961"),
    ("DOB 5/3/61", BIRTH_DATE, "5/3/61"),
    ("D.O.B.: 05.03.1961", BIRTH_DATE, "05.03.1961"),
    ("my birthday is 12 March 1958", BIRTH_DATE, "12 March 1958"),
    ("My birthday is March 12, 1958.", BIRTH_DATE, "March 12, 1958"),
    ("I was born on the 3rd of May 1961", BIRTH_DATE, "3rd of May 1961"),
    ("born on 3 May and twitching since", BIRTH_DATE, "3 May"),
    ("Birthdate: 3 Sept. 1961", BIRTH_DATE, "3 Sept. 1961"),
    ("Je suis né le 3 mai 1961.", BIRTH_DATE, "3 mai 1961"),
    ("Ich bin geboren am 3.5.1961.", BIRTH_DATE, "3.5.1961"),
    ("geboren am 3. Mai 1961", BIRTH_DATE, "3. Mai 1961"),
    # Titled names.
    ("Dr Smith injected me", TITLED_NAME, "Dr Smith"),
    ("I saw Dr. Jane Smith in 2010.", TITLED_NAME, "Dr. Jane Smith"),
    ("Doctor Patel was kind", TITLED_NAME, "Doctor Patel"),
    ("Prof. Jannetta operated on my father in 1985", TITLED_NAME, "Prof. Jannetta"),
    ("Thanks to Dr. Jannetta for this!", TITLED_NAME, "Dr. Jannetta"),
    ("Professor Moller explained it", TITLED_NAME, "Professor Moller"),
    ("nurse Karen held my hand", TITLED_NAME, "nurse Karen"),
    ("Nurse Jackie was great", TITLED_NAME, "Nurse Jackie"),
    ("Mr Jones the surgeon said yes", TITLED_NAME, "Mr Jones"),
    ("La Dra. García me operó", TITLED_NAME, "Dra. García"),
    ("Mme Dupont, ma neurologue", TITLED_NAME, "Mme Dupont"),
    ("my doctor O'Brien", TITLED_NAME, "doctor O'Brien"),
    ("Dr van der Berg in Utrecht", TITLED_NAME, "Dr van der Berg"),
    ("Dr Jean-Luc Picard, my surgeon", TITLED_NAME, "Dr Jean-Luc Picard"),
    ("On 3 May Dr Smith injected me", TITLED_NAME, "Dr Smith"),
    ("On 3 Jan Dr. Ng saw me", TITLED_NAME, "Dr. Ng"),
    ("Dr Smith's clinic is lovely", TITLED_NAME, "Dr Smith"),
    ("Dr Łukasz Nowak", TITLED_NAME, "Dr Łukasz Nowak"),
]


@pytest.mark.parametrize(("text", "kind", "expected"), PERSONAL_DATA)
def test_personal_data_is_found_with_its_exact_span(text, kind, expected):
    assert found(personal_data, text) == [(kind, expected)]


PERSONAL_DATA_LOOK_ALIKES = [
    # Numbers that are not phone numbers.
    "I was 45 when it started.",
    "100 units every 12 weeks",
    "in 2010",
    "Botox 3 months apart",
    "2010-2012 were the worst years",
    "from 2003 to 2010",
    "50 mg twice a day, then 1.5 ml",
    "on 12/05/2010",
    "12.05.2010 and 03.05.1961 and 03-05-1961",
    "2008, 2009, 2010",
    "3 times a day",
    "25 units each side",
    "95% better",
    "ISBN 978-3-16-148410-0 or 0-306-40615-2",
    "between 1000 and 1500 units over 10 years",
    "+5 kg in 3 weeks",
    "2.5 units at 0.1 ml",
    "I had 12 injections 2 weeks apart in 2019 2020 and 2021",
    "at 10:30 on 05/06/2021",
    "vitamin B12 1000 mcg",
    # Not email addresses.
    "I was at home dot on the i",
    "I was at the hospital. Dot was there too.",
    "@twitchy_eye on the forum",
    # Not street addresses.
    "after 2 operations",
    "the 3rd injection",
    "the Jannetta procedure",
    "a long road to recovery",
    "I walked 5 miles down the road",
    "On 12 June Dr",
    "it took 3 Months To heal",
    "In Spring 2010 it got worse",
    "the 2 surgeons in the street",
    # Not dates of birth.
    "on 12 May 2010 I had surgery",
    "12/05/2010",
    "I was born with it",
    "I was born in 1961",
    "born in May 1961",
    "he was born 3 weeks early",
    "my birthday is coming up",
    # Not titled names.
    "my doctor said so",
    "the nurse said it would sting",
    "I asked the Dr.",
    "I asked the Dr. Then I cried.",
    "I asked Dr. Google about it",
    "the Nurse Specialist called",
    "dr smith typed in lower case",
    "Dr. Jannetta's procedure",
    "Dr. Jannetta\u2019s procedure",
    "Dr. Peter Jannetta's microvascular decompression",
    "Prof Jannetta operation",
    "Dr Smith's technique worked",
    "Jannetta operation",
    "the doctor I saw on Monday",
    "I miss Karen",
    "Doctor Who is on tonight",
]


@pytest.mark.parametrize("text", PERSONAL_DATA_LOOK_ALIKES)
def test_look_alikes_are_not_personal_data(text):
    assert personal_data(text) == []


def test_findings_come_sorted_with_their_kinds():
    text = "Dr Patel, 020 7946 0958, jo@example.com, 12 Baker Street, born 3/5/1961."
    assert found(personal_data, text) == [
        (TITLED_NAME, "Dr Patel"),
        (PHONE, "020 7946 0958"),
        (EMAIL, "jo@example.com"),
        (ADDRESS, "12 Baker Street"),
        (BIRTH_DATE, "3/5/1961"),
    ]


def test_a_street_drive_is_an_address_not_a_doctor():
    assert found(personal_data, "4 Elm Dr. Springfield") == [(ADDRESS, "4 Elm Dr.")]


def test_offsets_count_curly_apostrophes_as_one_character():
    text = "I\u2019m with Dr O\u2019Brien at 07700 900123"
    assert found(personal_data, text) == [
        (TITLED_NAME, "Dr O\u2019Brien"),
        (PHONE, "07700 900123"),
    ]


def test_overlapping_findings_keep_the_earliest():
    assert found(personal_data, "born 03.05.1961") == [(BIRTH_DATE, "03.05.1961")]


CRISIS_WORDS = [
    ("I want to kill myself", "kill myself"),
    ("I'm thinking about suicide", "suicide"),
    ("I can't go on like this", "can't go on"),
    ("I can\u2019t go on like this", "can\u2019t go on"),
    ("I CANNOT GO ON.", "CANNOT GO ON"),
    ("I don't want to live anymore", "don't want to live"),
    ("I don\u2019t want to live any more", "don\u2019t want to live"),
    ("I want to end it all", "end it all"),
    ("there is no reason to live", "no reason to live"),
    ("I've been cutting myself", "cutting myself"),
    ("I took an overdose last night", "took an overdose"),
    ("they'd be better off without me", "better off without me"),
    ("everyone is better off dead", "better off dead"),
    ("I want to die", "want to die"),
    ("Thinking of ending my life.", "ending my life"),
    ("I've felt suicidal for weeks", "suicidal"),
    ("a history of self-harm", "self-harm"),
    ("Self harm again", "Self harm"),
    ("I want to take my own life", "take my own life"),
    ("nothing left to live for", "nothing left to live for"),
    ("life is not worth living", "not worth living"),
    ("I wish I was dead", "wish I was dead"),
    ("I can't take it anymore", "can't take it anymore"),
    ("I see no way out", "see no way out"),
    ("I can't go on\nLove, Jo", "can't go on"),
]


@pytest.mark.parametrize(("text", "expected"), CRISIS_WORDS)
def test_crisis_wording_is_found_with_its_exact_span(text, expected):
    assert found(crisis_wording, text) == [(CRISIS, expected)]


CRISIS_LOOK_ALIKES = [
    "this twitch is killing me",
    "I'm dying to know if it works",
    "I could die of embarrassment",
    "I wanted to die of embarrassment at work",
    "my nerve was killed by the surgery",
    "the spasms are killing my confidence",
    "I nearly died laughing",
    "something to kill the pain",
    "the surgeon said the nerve could die",
    "dead tired after the injections",
    "I can't go on holiday this year",
    "I don't want to live with this forever",
    "trigeminal neuralgia, the suicide disease",
    "I cut myself shaving",
    "I think I had an overdose of Botox",
    "the facial nerve decompression went well",
    "there is no way out of the car park",
]


@pytest.mark.parametrize("text", CRISIS_LOOK_ALIKES)
def test_figures_of_speech_are_not_crisis_wording(text):
    assert crisis_wording(text) == []


# Spanish, French and German: the same kinds of words, typed with or without accents and with
# any apostrophe, and the figures of speech of each language that must pass.
SPANISH_CRISIS_WORDS = [
    ("Quiero morir.", "Quiero morir"),
    ("a veces me quiero morir", "me quiero morir"),
    ("tengo ganas de morirme", "ganas de morirme"),
    ("quisiera estar muerta", "quisiera estar muerta"),
    ("he pensado en el suicidio", "suicidio"),
    ("pensamientos suicidas", "suicidas"),
    ("me voy a suicidar", "suicidar"),
    ("quiero matarme", "matarme"),
    ("quiero quitarme la vida", "quitarme la vida"),
    ("quiero acabar con todo.", "acabar con todo"),
    ("he vuelto a hacerme daño", "hacerme daño"),
    ("me corto los brazos", "me corto los brazos"),
    ("Ya no quiero vivir", "no quiero vivir"),
    ("no quiero seguir viviendo así", "no quiero seguir viviendo"),
    ("no tengo ninguna razón para vivir", "no tengo ninguna razón para vivir"),
    ("mi vida ya no vale la pena", "vida ya no vale la pena"),
    ("estarían mejor sin mí", "estarían mejor sin mí"),
    ("NO PUEDO MÁS", "NO PUEDO MÁS"),
    ("no aguanto mas", "no aguanto mas"),  # typed without the accent
    ("no puedo seguir asi", "no puedo seguir asi"),
    ("no veo ninguna salida", "no veo ninguna salida"),
    ("tome una sobredosis", "tome una sobredosis"),
]
SPANISH_LOOK_ALIKES = [
    "me muero de ganas de probar la toxina",
    "me muero de risa con mi tic",
    "llego muerto de cansancio",
    "me quiero morir de vergüenza cuando empieza",
    "no quiero morir en la operación",
    "la muerte súbita es muy rara en esta operación",
    "la neuralgia del trigémino, la enfermedad del suicidio",
    "el tic me está matando",
    "me mato a trabajar",
    "no aguanto más de una hora sin gafas",
    "no puedo seguir trabajando con el párpado cerrado",
    "no quiero vivir con esto para siempre",
    "tengo que acabar con todo el papeleo",
]
FRENCH_CRISIS_WORDS = [
    ("je n'en peux plus", "n'en peux plus"),
    ("je n\u2019en peux plus", "n\u2019en peux plus"),
    ("j'en peux plus", "j'en peux plus"),
    ("Je veux mourir", "veux mourir"),
    ("j'ai envie de mourir", "envie de mourir"),
    ("je voudrais être morte", "voudrais être morte"),
    ("je n'ai plus envie de vivre", "plus envie de vivre"),
    ("je ne veux plus vivre comme ça", "veux plus vivre"),
    ("j'ai envie de ne plus vivre", "envie de ne plus vivre"),
    ("je veux me suicider", "suicider"),
    ("des idées suicidaires", "suicidaires"),
    ("je vais me tuer", "me tuer"),
    ("mettre fin a mes jours", "mettre fin a mes jours"),  # typed without the accent
    ("je veux en finir.", "veux en finir"),
    ("je me scarifie", "scarifie"),
    ("je ne peux plus continuer comme ça", "peux plus continuer comme ça"),
    ("je ne vois pas d'issue", "vois pas d'issue"),
    ("ils seraient mieux sans moi", "seraient mieux sans moi"),
    ("aucune raison de vivre", "aucune raison de vivre"),
]
FRENCH_LOOK_ALIKES = [
    "mort de rire",
    "je meurs de faim",
    "je meurs d'envie de le voir",
    "une histoire à mourir de rire",
    "je ne veux pas mourir pendant l'opération",
    "ce tic me tue",
    "je veux en finir avec ces piqûres",
    "je ne peux plus conduire la nuit",
    "je ne veux plus vivre avec ce tic",
    "la névralgie du trijumeau, la maladie du suicide",
    "une mort subite est très rare",
]
GERMAN_CRISIS_WORDS = [
    ("Ich will nicht mehr leben", "will nicht mehr leben"),
    ("ich will sterben", "will sterben"),
    ("ich möchte nur noch sterben", "möchte nur noch sterben"),
    ("ich moechte sterben", "moechte sterben"),  # typed without the umlaut
    ("ich will tot sein", "will tot sein"),
    ("ich wäre lieber tot", "wäre lieber tot"),
    ("ohne mich wären alle besser dran", "ohne mich wären alle besser dran"),
    ("Selbstmordgedanken", "Selbstmordgedanken"),
    ("ich bin suizidal", "suizidal"),
    ("ich bringe mich um", "ich bringe mich um"),
    ("ich will mich umbringen", "will mich umbringen"),
    ("ich ritze mich wieder", "ritze mich"),
    ("ich will mir etwas antun", "mir etwas antun"),
    ("Ich kann nicht mehr.", "kann nicht mehr"),
    ("ich halte es nicht mehr aus", "halte es nicht mehr aus"),
    ("ich sehe keinen Ausweg", "sehe keinen Ausweg"),
    ("das Leben hat keinen Sinn mehr", "Leben hat keinen Sinn mehr"),
    ("ich bin lebensmüde", "lebensmüde"),
    ("ich habe beschlossen, nicht mehr zu leben", "nicht mehr zu leben"),
    ("ich habe eine Überdosis genommen", "Überdosis genommen"),
]
GERMAN_LOOK_ALIKES = [
    "ich sterbe vor Lachen",
    "ich bin todmüde",
    "der Film war zum Sterben langweilig",
    "ich hatte Hunger zum Umfallen",
    "ich möchte vor Scham sterben",
    "ich will nicht sterben",
    "der Tic bringt mich noch um",
    "dieser Tic wird mich umbringen",
    "bring mich um 8 Uhr zur Klinik",
    "ich kann nicht mehr lesen",
    "die Suizidkrankheit, so heißt die Trigeminusneuralgie",
    "eine Überdosis Botox",
    "der plötzliche Herztod ist selten",
]


@pytest.mark.parametrize(("text", "expected"), SPANISH_CRISIS_WORDS)
def test_spanish_crisis_wording_is_found(text, expected):
    assert found(crisis_wording, text) == [(CRISIS, expected)]


@pytest.mark.parametrize("text", SPANISH_LOOK_ALIKES)
def test_spanish_figures_of_speech_are_not_crisis_wording(text):
    assert crisis_wording(text) == []


@pytest.mark.parametrize(("text", "expected"), FRENCH_CRISIS_WORDS)
def test_french_crisis_wording_is_found(text, expected):
    assert found(crisis_wording, text) == [(CRISIS, expected)]


@pytest.mark.parametrize("text", FRENCH_LOOK_ALIKES)
def test_french_figures_of_speech_are_not_crisis_wording(text):
    assert crisis_wording(text) == []


@pytest.mark.parametrize(("text", "expected"), GERMAN_CRISIS_WORDS)
def test_german_crisis_wording_is_found(text, expected):
    assert found(crisis_wording, text) == [(CRISIS, expected)]


@pytest.mark.parametrize("text", GERMAN_LOOK_ALIKES)
def test_german_figures_of_speech_are_not_crisis_wording(text):
    assert crisis_wording(text) == []


def test_each_phrase_of_distress_in_a_sentence_is_found():
    assert found(crisis_wording, "je n'en peux plus, je veux mourir") == [
        (CRISIS, "n'en peux plus"),
        (CRISIS, "veux mourir"),
    ]


def test_an_apostrophe_typed_as_an_accent_counts():
    assert found(crisis_wording, "je n\u00b4en peux plus") == [(CRISIS, "n\u00b4en peux plus")]


def test_crisis_wording_ignores_case_in_every_language():
    assert found(crisis_wording, "İ WANT TO DIE, QUIERO MORIR") == [
        (CRISIS, "WANT TO DIE"),
        (CRISIS, "QUIERO MORIR"),
    ]


def test_crisis_patterns_are_written_in_lower_case():
    """crisis_wording reads the text in lower case: a capital in a pattern would never match."""
    without_escapes = re.sub(r"\\.", "", CRISIS_PATTERN.pattern)
    assert without_escapes == without_escapes.lower()


def test_crisis_wording_is_not_personal_data():
    assert personal_data("I want to kill myself") == []


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (PHONE, "a phone number"),
        (EMAIL, "an email address"),
        (ADDRESS, "a street address"),
        (BIRTH_DATE, "a date of birth"),
        (TITLED_NAME, "a named person"),
        (CRISIS, "words of distress"),
    ],
)
def test_every_kind_has_a_label_and_an_explanation(kind, label):
    assert Finding(kind, 0, 1).label == label
    assert EXPLANATIONS[kind].endswith(".")


def test_the_titled_name_explanation_says_the_story_works_without_the_name():
    explanation = EXPLANATIONS[TITLED_NAME]
    assert "doctor or nurse" in explanation
    assert "without the name" in explanation


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Shirley Brown", "Shirley B."),
        ("  Shirley   Brown ", "Shirley B."),
        ("María José García López", "María L."),
        ("Jean-Luc Picard", "Jean-Luc P."),
        ("Ludwig van Beethoven", "Ludwig B."),
        ("Shirley B. Brown", "Shirley B."),
        ("Siobhán O'Neill", "Siobhán O."),
        ("Siobhán O\u2019Neill", "Siobhán O."),
        ("Łucja Nowak", "Łucja N."),
    ],
)
def test_a_full_name_gets_a_shorter_suggestion(name, suggestion):
    assert full_name_suggestion(name) == suggestion


@pytest.mark.parametrize(
    "name",
    [
        "Shirley",
        "Shirley B.",
        "Shirley B",
        "J. B.",
        "J. Brown",
        "twitchy_eye",
        "Mum of 3",
        "Anonymous",
        "Anonymous Patient",
        "shirley brown",
        "Shirley brown",
        "Jean-Luc",
        "",
        "HFS 2010",
    ],
)
def test_names_that_are_not_full_names_get_no_suggestion(name):
    assert full_name_suggestion(name) is None
