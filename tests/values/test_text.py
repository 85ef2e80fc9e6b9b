"""Total labels are told by a generic rule of wording, not by one request's words."""

import pytest

from foi_ingest.values.text import is_total_label


@pytest.mark.parametrize(
    "label",
    ["Total", "TOTAL:", "Grand Total", "Sub-total", "2018 Total", "Total number of cases",
     "All cases", "All years", "All outcomes", "All ranks", "All crime types", "All patients",
     "ALL STAFF GROUPS", "Sum"],
)  # fmt: skip
def test_a_total_in_any_requests_words_is_a_total(label):
    assert is_total_label(label)


@pytest.mark.parametrize(
    "label",
    ["All other offences", "All others", "Allegations", "Totally unacceptable conduct",
     "All staff", "Dismissed", "Small totalled count of the year"],
)  # fmt: skip
def test_a_category_or_a_sentence_is_not_a_total(label):
    assert not is_total_label(label)
