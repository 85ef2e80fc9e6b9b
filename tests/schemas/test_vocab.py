"""Vocabularies: phrasings map regardless of case, spacing and punctuation; unknowns suggest."""

import pytest

from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.schemas import vocab

REQ = load_pack("police-social-media")

ALLEGATIONS = "vocab/allegations.yaml"  # the police pack's keyword taxonomy


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("NFA", "no_further_action"),
        ("  no further action. ", "no_further_action"),
        ("F.W.W", "final_written_warning"),
        ("Words of Advice", "management_advice"),
        ("Sub-judice", "ongoing"),
        ("RPRP", "management_advice"),
        ("Dismissal without notice", "dismissed"),
        ("Resigned before hearing", "resigned"),
    ],
)
def test_outcome_phrasings(raw, code):
    assert vocab.vocabulary_of(REQ, "outcome").lookup(raw).code == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("PC", "police_officer"),
        ("T/Sgt", "police_officer"),
        ("Det Inspector", "police_officer"),
        ("Detective Constables", "police_officer"),
        ("PCSO", "pcso"),
        ("Civilian Staff", "police_staff"),
        ("Special Constable", "special_constable"),
    ],
)
def test_role_phrasings(raw, code):
    assert vocab.vocabulary_of(REQ, "role").lookup(raw).code == code


def test_unknown_phrasing_is_not_mapped_and_gets_suggestions():
    match = vocab.vocabulary_of(REQ, "outcome").lookup("Final warning given by line manager")
    assert match.code is None
    assert match.suggestions and "final_written_warning" in match.suggestions


def test_an_extra_mapping_comes_first():
    assert (
        vocab.vocabulary_of(REQ, "outcome")
        .lookup("Reprimand", {"reprimand": "written_warning"})
        .code
        == "written_warning"
    )


def test_barred_list_and_misconduct_meeting_are_not_outcomes():
    assert vocab.vocabulary_of(REQ, "outcome").lookup("Barred list").code is None
    assert vocab.vocabulary_of(REQ, "outcome").lookup("Misconduct meeting").code is None


def test_allegation_categories():
    assert (
        vocab.categorise(REQ, ALLEGATIONS, "Sent a friend request to a victim")
        == "inappropriate_contact"
    )
    assert vocab.categorise(REQ, ALLEGATIONS, "Posted racist comments") == "discriminatory"
    assert vocab.categorise(REQ, ALLEGATIONS, "Something else entirely") == "other"
