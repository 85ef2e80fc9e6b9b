"""Letters without a table: refusals by section (cited or paraphrased), nil returns, prose."""

import pytest

from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.schemas.letters import read_letter, suppression_hides_zero

REQ = load_pack("police-social-media")


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        (
            "Our data are not organised in such a way as to allow us to provide this information "
            "within the appropriate cost limit.",
            ("12",),
        ),
        (
            "Complying would exceed the 18 hour limit; we are therefore unable to provide it.",
            ("12",),
        ),
        ("We consider this request vexatious and will not be providing a response.", ("14",)),
        (
            "The information is exempt from disclosure under Section 31 (law enforcement) and "
            "Section 40(2) as it is personal data.",
            ("31", "40"),
        ),
    ],
)
def test_refusals_cite_their_sections(text, sections):
    reading = read_letter(REQ, text)
    assert (reading.status, reading.sections) == ("refused", sections)


@pytest.mark.parametrize(
    "text",
    [
        "I can confirm that no information is held.",
        "No cases were recorded in that period.",
        "The force does not hold the information you requested.",
    ],
)
def test_nil_returns(text):
    assert read_letter(REQ, text).status == "nil_return"


def test_prose_answer_needs_a_person_and_no_number_is_guessed():
    reading = read_letter(
        REQ,
        "1. 3. 2. Zero for all 3 officers. 3. Three officers attended "
        "misconduct hearings, of which two received final written warnings.",
    )
    assert reading.status == "needs_entry"


def test_suppression_note_saying_zero_may_be_hidden():
    assert suppression_hides_zero(REQ, "* denotes a figure of fewer than 5, which may include zero")
    assert not suppression_hides_zero(REQ, "Figures between 1 and 4 are shown as <5")
