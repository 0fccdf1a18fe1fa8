"""The plan as loaded is the plan as written: seed 003 → regioplan.yaml → database.

Numbers with a comparison or a percentage are where an extract most easily loses words
(2.3.1.B once lost "<18 jaar alcohol … <5% … zwaar" to an HTML-tag pattern).
"""

import re
from pathlib import Path

import pytest
import yaml

from plandata.base import DEFAULT_PATH
from regioplan.models import OperationalGoal

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seeds" / "003_444d5bc8582abb7a.txt"
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
GOAL_ROW = re.compile(r"^2\.\d\.\d\.?\s?[A-Z]\t")
NUMBERS = re.compile(r"[<>≤≥]\s?\d+(?:[.,]\d+)?\s?%?|\d+(?:[.,]\d+)?\s?%")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _goals_in_file() -> dict[str, dict]:
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    return {
        g["code"].replace(". ", ".").replace(" ", "."): g
        for theme in data["themes"]
        for sg in theme["strategic_goals"]
        for g in sg["operational_goals"]
    }


@pytest.mark.django_db
def test_every_loaded_goal_holds_exactly_the_text_of_the_file(plan):
    in_file = _goals_in_file()
    loaded = {g.code: g for g in OperationalGoal.objects.filter(plan=plan)}
    assert len(loaded) == len(in_file) == 86
    for code, goal in loaded.items():
        expected = next(
            g for c, g in in_file.items() if c.replace(".", "") == code.replace(".", "")
        )
        assert goal.text == expected.get("text", ""), code
        assert goal.bullets == expected.get("bullets", []), code


@pytest.mark.skipif(not SEED.exists(), reason="the seeds live in ../shared")
def test_every_comparison_and_percentage_in_a_goal_of_the_seed_is_in_the_file():
    file_text = _flat(DEFAULT_PATH.read_text(encoding="utf-8").replace("\n        ", " "))
    missing = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if not GOAL_ROW.match(line):
            continue
        goal_cell = line.split("\t")[1]
        for number in NUMBERS.findall(_flat(TAG.sub(" ", goal_cell))):
            if number.strip() not in file_text:
                missing.append((line[:10], number))
    assert not missing, missing


def test_the_drinking_targets_of_2_3_1_b_are_in_the_file():
    goal = _goals_in_file()["2.3.1.B"]
    text = " ".join([goal.get("text", ""), *goal.get("bullets", [])])
    for words in (
        "<18 jaar alcohol",
        "drinkt 0% van de zwangere vrouwen alcohol",
        "drinkt <5% van de volwassen/ ouderen overmatig",
        "drinkt <5% van de volwassen/ouderen zwaar",
    ):
        assert words in _flat(text), words
