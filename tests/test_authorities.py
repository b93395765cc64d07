"""The offline table of English local authorities: coverage, codes and name resolution."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pipeline.extract.document_facts import load_authorities, lookup

PREFIX = {"unitary": "E06", "district": "E07", "metropolitan borough": "E08", "London borough": "E09",
          "sui generis": "E09", "county": "E10"}


def test_current_councils_cover_england() -> None:
    current = [a for a in load_authorities() if a.status == "current"]
    assert len(current) == 317
    types = Counter(a.type for a in current)
    assert types["county"] == 21
    assert types["district"] == 164
    assert types["metropolitan borough"] == 36
    assert types["London borough"] == 32
    assert types["unitary"] == 63  # 62 unitaries and the Isles of Scilly


def test_names_and_codes_unique_and_well_formed() -> None:
    rows = load_authorities()
    assert len({a.name for a in rows}) == len(rows)
    codes = [a.gss_code for a in rows if a.gss_code]
    assert len(set(codes)) == len(codes)
    for a in rows:
        if a.gss_code:
            assert re.fullmatch(r"E\d{8}", a.gss_code)
            assert a.gss_code.startswith(PREFIX[a.type]), a
        assert (a.status == "abolished") == (a.abolished is not None), a


def test_abolished_since_2009_are_listed() -> None:
    gone = {a.name: a.abolished for a in load_authorities() if a.status == "abolished"}
    assert gone["Northamptonshire County Council"] == 2021
    assert gone["Kettering Borough Council"] == 2021
    assert gone["Cumbria County Council"] == 2023
    assert gone["Harrogate Borough Council"] == 2023
    assert gone["Mendip District Council"] == 2023
    assert gone["Aylesbury Vale District Council"] == 2020
    assert gone["Weymouth and Portland Borough Council"] == 2019
    assert gone["Bedfordshire County Council"] == 2009
    assert len(gone) >= 80


@pytest.mark.parametrize(("written", "name", "type_", "code"), [
    ("Tower Hamlets Council", "London Borough of Tower Hamlets", "London borough", "E09000030"),
    ("LONDON BOROUGH OF CROYDON", "London Borough of Croydon", "London borough", "E09000008"),
    ("Solihull MBC", "Solihull Metropolitan Borough Council", "metropolitan borough", "E08000029"),
    ("Doncaster Council", "Doncaster Metropolitan Borough Council", "metropolitan borough", "E08000017"),
    ("City of Doncaster Council", "Doncaster Metropolitan Borough Council", "metropolitan borough", "E08000017"),
    ("Birmingham City Council", "Birmingham City Council", "metropolitan borough", "E08000025"),
    ("Bradford Council", "City of Bradford Metropolitan District Council", "metropolitan borough", "E08000032"),
    ("Gloucestershire County Council", "Gloucestershire County Council", "county", "E10000013"),
    ("Northamptonshire County Council", "Northamptonshire County Council", "county", "E10000021"),
    ("Thurrock Council", "Thurrock Council", "unitary", "E06000034"),
    ("Slough Borough Council", "Slough Borough Council", "unitary", "E06000039"),
    ("Woking Borough Council", "Woking Borough Council", "district", "E07000217"),
    ("Dorset Council", "Dorset Council", "unitary", "E06000059"),
    ("Dorset County Council", "Dorset County Council", "county", "E10000009"),
    ("Royal Borough of Kingston upon Thames", "Royal Borough of Kingston upon Thames", "London borough", "E09000021"),
    ("Brighton & Hove City Council", "Brighton and Hove City Council", "unitary", "E06000043"),
    ("Stoke on Trent City Council", "Stoke-on-Trent City Council", "unitary", "E06000021"),
    ("Kingston-upon-Hull City Council", "Kingston upon Hull City Council", "unitary", "E06000010"),
    ("St. Helens Council", "St Helens Metropolitan Borough Council", "metropolitan borough", "E08000013"),
])
def test_lookup_sample(written: str, name: str, type_: str, code: str) -> None:
    a = lookup(written)
    assert a is not None, written
    assert (a.name, a.type, a.gss_code) == (name, type_, code)


def test_lookup_uses_the_year_for_shared_names() -> None:
    # "Somerset Council" is the 2023 unitary; in 2015 the county council was the only Somerset council
    assert lookup("Somerset Council", 2024).name == "Somerset Council"  # type: ignore[union-attr]
    assert lookup("Somerset County Council", 2015).name == "Somerset County Council"  # type: ignore[union-attr]
    assert lookup("Nowhere Borough Council") is None
