"""Triage: each comment is tagged when posted or edited (distress, personal-data, medical-claim,
commercial), ranked by risk with distress on top, and a comment in distress is never marked spam
automatically."""

import pytest
from django.core.management import call_command
from django.test import Client

from comments.models import BlockedTerm, Comment
from comments.services import comment_create, comment_edit
from comments.triage import tags_for
from tests.comments.test_poster_edit import edit

MEDICAL_CLAIMS = [
    "Botox every twelve weeks works for me.",
    "They injected 100 units on the left side.",
    "I take 300 mg of carbamazepine a day.",
    "Gabapentin did nothing for the twitch.",
    "0.5 ml in the eyelid was enough.",
    "Microvascular decompression cured me completely.",
    "I had MVD in 2009.",
    "The Jannetta procedure was worth it.",
    "This herb is a miracle, it stops the spasm.",
    # A cure of something else is tagged too: telling a claim from an anecdote is the
    # moderator's part, and reading one more story first costs little.
    "My doctor cured my cold.",
]
NOT_MEDICAL_CLAIMS = [
    "There is no cure yet, my neurologist says.",
    "I was curious whether anyone else had this.",
    "It took 3 months and 2 visits before anyone listened.",
    "The hospital felt secure and the staff were kind.",
    "I have had it for 12 years.",
]


@pytest.mark.parametrize("text", MEDICAL_CLAIMS)
def test_doses_cures_drugs_and_procedures_are_tagged_as_medical_claims(text):
    assert "medical-claim" in tags_for(Comment(body=text))


@pytest.mark.parametrize("text", NOT_MEDICAL_CLAIMS)
def test_words_that_only_look_like_medical_claims_are_not_tagged(text):
    assert "medical-claim" not in tags_for(Comment(body=text))


COMMERCIAL = [
    "Buy cheap botox at https://shop.example",
    "Our clinic offers 20% off the first treatment.",
    "Order now and get free shipping!",
    "Use the coupon HFS10 at checkout.",
    "Now only $49 a bottle.",
    "Read more at https://www.face-clinic.example/spasm",
    "Details: https://example.com/products/relief-drops",
    "Visit our website for the best prices.",
]
NOT_COMMERCIAL = [
    "I paid for the surgery myself.",
    "Each injection cost me £300 before the NHS took over.",
    "I had to buy new sunglasses because of the light.",
    "The clinic was kind to me and the nurse explained everything.",
    "The patients' workshop at https://hfs-workshop.example/ helped.",
    "There is good information at https://www.ninds.nih.gov/health-information",
]


@pytest.mark.parametrize("text", COMMERCIAL)
def test_shop_and_clinic_links_and_offers_are_tagged_as_commercial(text):
    assert "commercial" in tags_for(Comment(body=text))


@pytest.mark.parametrize("text", NOT_COMMERCIAL)
def test_a_patients_own_costs_and_plain_links_are_not_commercial(text):
    assert "commercial" not in tags_for(Comment(body=text))


def test_a_shop_given_as_the_website_is_commercial():
    comment = Comment(body="Thank you for the article.", author_url="https://botox-store.example")
    assert tags_for(comment) == ["commercial"]


def test_tags_are_sorted_and_include_distress_and_personal_data():
    text = "I can't go on like this. Botox failed. Call me on 020 7946 0958."
    assert tags_for(Comment(body=text)) == ["distress", "medical-claim", "personal-data"]


@pytest.fixture
def post(article, comment_data):
    """Post the comment form with this text; returns the comment stored."""

    def send(body, **fields):
        Client().post(
            f"/articles/{article.slug}/comments/", {**comment_data, "body": body, **fields}
        )
        return Comment.objects.filter(article=article).latest("pk")

    return send


@pytest.mark.parametrize(
    ("body", "tags", "risk"),
    [
        ("Thank you for this article.", "", 0),
        ("Botox every twelve weeks helps.", "medical-claim", 1),
        ("Use the coupon HFS10 at checkout.", "commercial", 1),
        ("Write to me at maria@example.org about it.", "personal-data", 2),
        ("Botox failed and I want to die.", "distress medical-claim", 3),
        ("Ya no quiero vivir así.", "distress", 3),
        ("Je n'en peux plus de ce tic.", "distress", 3),
        ("Ich kann nicht mehr.", "distress", 3),
    ],
)
def test_a_posted_comment_stores_its_tags_and_the_risk_of_the_riskiest(post, body, tags, risk):
    comment = post(body, privacy_confirmed="1")
    assert (comment.tags, comment.risk) == (tags, risk)


def test_a_posters_edit_triages_the_comment_again(article, make_comment):
    comment = make_comment(article, body="Thank you.", status=Comment.Status.PENDING)
    edit(comment, "Gabapentin, 300 mg, helped me.")
    comment.refresh_from_db()
    assert (comment.tags, comment.risk) == ("medical-claim", 1)


def test_a_comment_in_distress_that_a_spam_rule_catches_waits_for_a_person(post):
    comment = post("I don't want to live any more.", homepage="http://bot.example")
    assert comment.status == Comment.Status.PENDING
    assert comment.status_reason.startswith("Words of distress: held for a moderator, not marked")
    assert "hidden field" in comment.status_reason


def test_other_spam_rules_still_mark_spam(post):
    comment = post("Thank you for this article.", homepage="http://bot.example")
    assert comment.status == Comment.Status.SPAM


def test_an_edit_with_a_blocked_word_and_distress_is_held_not_spam(article, make_comment):
    BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="casino")
    comment = make_comment(article, body="Thank you.", status=Comment.Status.PENDING)
    comment_edit(comment, body="Casino debts, and I want to end my life.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.tags == "distress"


def test_retriage_sets_the_tags_of_existing_comments_once(article, make_comment, capsys):
    older = make_comment(article, body="I want to die. Botox 50 units did nothing.")
    plain = make_comment(article, body="Thank you.")
    call_command("retriage")
    older.refresh_from_db()
    plain.refresh_from_db()
    assert (older.tags, older.risk) == ("distress medical-claim", 3)
    assert (plain.tags, plain.risk) == ("", 0)
    call_command("retriage")
    assert capsys.readouterr().out.endswith("Triaged every comment again: 0 comments changed.\n")


def test_comment_create_triages_before_the_moderation_rules_decide(article):
    comment = comment_create(
        article=article,
        data={"author_name": "Sam", "author_email": "sam@example.com", "body": "I want to die."},
    )
    assert comment.tags == "distress"
    assert comment.risk == 3
