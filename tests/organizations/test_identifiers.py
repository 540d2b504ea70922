"""NIP, REGON and KRS validation against the shared test values (pure: no app needed)."""

import json
from pathlib import Path

import pytest

from app.organizations.identifiers import (
    IdentifierProblem,
    InvalidIdentifier,
    normalize_krs,
    normalize_nip,
    normalize_regon,
)

EXAMPLES = {
    "NIP": {
        "valid": ["7343567891", "5260001298", "7730012344"],
        "invalid": ["7343567892", "7340000050", "734356789"],
    },
    "REGON": {
        "valid": ["123456785", "192598184", "012345675", "12345678512347", "19259818412342"],
        "invalid": ["123456784", "12345678", "12345678A", "12345678512348", "1234567851234"],
    },
    "KRS": {"valid": ["0000123456", "0000012345"], "invalid": ["00001234567", "0000ABC123"]},
}
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "identifiers_examples.json"


@pytest.mark.parametrize("value", EXAMPLES["NIP"]["valid"])
def test_valid_nip(value):
    assert normalize_nip(value) == value


def test_nip_with_separators_and_prefix():
    assert normalize_nip("PL 526-000-12-98") == "5260001298"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("7343567892", IdentifierProblem.BAD_CHECKSUM),
        ("7340000050", IdentifierProblem.BAD_CHECKSUM),
        ("734356789", IdentifierProblem.WRONG_LENGTH),
        ("73435678AB", IdentifierProblem.NOT_DIGITS),
    ],
)
def test_invalid_nip(value, problem):
    with pytest.raises(InvalidIdentifier) as error:
        normalize_nip(value)
    assert error.value.problem is problem


@pytest.mark.parametrize("value", EXAMPLES["REGON"]["valid"])
def test_valid_regon(value):
    assert normalize_regon(value) == value


@pytest.mark.parametrize("value", EXAMPLES["REGON"]["invalid"])
def test_invalid_regon(value):
    with pytest.raises(InvalidIdentifier):
        normalize_regon(value)


def test_krs_is_padded_and_checked():
    assert normalize_krs("123456") == "0000123456"
    assert normalize_krs(" 0000012345 ") == "0000012345"
    for value, problem in [
        ("00001234567", IdentifierProblem.WRONG_LENGTH),
        ("0000ABC123", IdentifierProblem.NOT_DIGITS),
        ("0000000000", IdentifierProblem.ALL_ZEROS),
    ]:
        with pytest.raises(InvalidIdentifier) as error:
            normalize_krs(value)
        assert error.value.problem is problem


@pytest.mark.skipif(not SHARED.exists(), reason="shared/ data not beside the clone")
def test_shared_examples_agree():
    data = json.loads(SHARED.read_text())
    checks = {"NIP": normalize_nip, "REGON9": normalize_regon, "REGON14": normalize_regon}
    for key, normalize in checks.items():
        for value in data[key]["valid"]:
            assert normalize(value) == value
        for case in data[key]["invalid"]:
            with pytest.raises(InvalidIdentifier):
                normalize(case["value"])
    for value in data["KRS"]["valid"]:
        assert normalize_krs(value) == value
    for case in data["KRS"]["invalid"]:
        with pytest.raises(InvalidIdentifier):
            normalize_krs(case["value"])
