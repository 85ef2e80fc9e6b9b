"""Normalising text the way every lookup in the project compares it."""

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9<>=/+*.-]+")
_PUNCT = re.compile(r"[^a-z0-9]+")


def norm(value: object) -> str:
    """Lowercase, accents and punctuation folded to single spaces: 'Rank/Grade ' -> 'rank grade'.

    Case, spacing and punctuation never matter when matching a force's phrasing.
    """
    if value is None:
        return ""
    return _norm(str(value))


@lru_cache(maxsize=1 << 16)  # returns repeat the same few phrasings on every row
def _norm(value: str) -> str:
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    return _PUNCT.sub(" ", text).strip()


def clean_cell(value: object) -> str:
    """A cell as a person reads it: stripped, inner whitespace (and line breaks) collapsed."""
    if value is None:
        return ""
    return " ".join(str(value).split())


# Total and sub-total labels: generic wording, wherever in a row they sit.
_TOTAL_LABEL = re.compile(
    r"^(?:grand |overall |sub ?|running |annual |yearly |\d{4}(?: \d{2,4})? )?totals?(?: .*)?$"
    r"|^.* (?:sub ?)?totals?$|^sum$"
    # 'All cases', 'All crime types', 'All patients': 'all' and what is counted, in the plural
    # (any request's words); 'All other offences' is a category, not a total
    r"|^all (?!others?\b)(?:[a-z]+ ){0,2}[a-z]+s$"
)


def is_total_label(text: object) -> bool:
    """Whether a cell labels a total or sub-total: 'Total', 'TOTAL:', 'Grand Total', 'Sub-total',
    '2018 Total', 'Total number of cases'; wherever in the row it sits."""
    key = norm(text)
    return bool(key) and bool(_TOTAL_LABEL.match(key))
