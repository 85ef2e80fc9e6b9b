"""Which force: folder first, then file name, then letterhead; never a guess."""

from pathlib import PurePath

import pytest

from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.schemas.bodies import bodies, resolve_body

REQ = load_pack("police-social-media")


def test_all_43_territorial_forces_plus_btp_and_psni():
    ids = bodies(REQ)
    assert len([f for f in ids.values() if f.country in ("England", "Wales")]) == 43
    assert {"btp", "northern-ireland", "greater-manchester", "metropolitan"} <= set(ids)


@pytest.mark.parametrize(
    ("folder", "force_id"),
    [
        ("Greater Manchester Police", "greater-manchester"),
        ("GMP", "greater-manchester"),
        ("greater_manchester", "greater-manchester"),
        ("Met Police", "metropolitan"),
        ("MPS", "metropolitan"),
        ("Avon & Somerset", "avon-and-somerset"),
        ("TVP", "thames-valley"),
        ("Dyfed-Powys Police", "dyfed-powys"),
        ("PSNI", "northern-ireland"),
    ],
)
def test_folder_names(folder, force_id):
    assert resolve_body(REQ, PurePath(folder, "response.pdf")).body_id == force_id


def test_file_name_when_folder_says_nothing():
    match = resolve_body(REQ, PurePath("inbox", "FOI_2014_West_Midlands_Police.xlsx"))
    assert match.body_id == "west-midlands" and "file name" in match.reason


def test_two_forces_in_a_file_name_are_not_guessed():
    match = resolve_body(REQ, PurePath("misc", "Kent and Essex joint response.pdf"))
    assert match.body_id is None and "several forces" in match.reason


def test_letterhead_only_where_folder_and_name_say_nothing():
    head = "Dorset Police\\nFreedom of Information Unit"
    assert resolve_body(REQ, PurePath("misc", "letter.pdf"), head).body_id == "dorset"
    assert resolve_body(REQ, PurePath("Kent", "letter.pdf"), head).body_id == "kent"
    assert resolve_body(REQ, PurePath("misc", "letter.pdf")).body_id is None
