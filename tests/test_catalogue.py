"""The rule catalogue: the loader's contract and the integrity of the shipped catalogue files."""

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest

from pnconform.catalogue import MODES, TESTABLE, Rule, load_catalogue, load_texts, rules_by_id

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "spec"
needs_spec = pytest.mark.skipif(
    not SPEC.is_dir(), reason=f"spec digest not found at {SPEC} (expected ../shared/spec beside the repo)"
)

# A rule id is defined where it is written in bold (`**AXB-004**`, `**AUTH-004 PasswordDigest ...**`)
# or where it opens a table row (`| CODE-1012010 |`).
DEFINITION = re.compile(r"\*\*([A-Z][A-Z0-9]*-\d+)|^\| ((?:CODE|EVT|CDR|HANG|Q850|TEAR)-\d+(?:-\d+)?) \|", re.M)

# spec file stem -> number of ids the README file index gives for it (guards the parser above)
OWN_FILES = {"00-common": 140, "10-axb": 75}


def spec_ids(stem: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in DEFINITION.finditer((SPEC / f"{stem}.md").read_text(encoding="utf-8"))]


def rule_text(**overrides) -> str:
    fields = {
        "id": "AXB-004",
        "mode": "axb",
        "statement": '"A rule."',
        "source": "https://support.huaweicloud.com/x.html",
        "confirmed": "true",
        "testable": "api",
        "why": '""',
    }
    fields.update(overrides)
    lines = []
    for key, value in fields.items():
        if value is None:
            continue
        lines.append(f"{'- ' if not lines else '  '}{key}: {value}")
    return "\n".join(lines) + "\n"


# --- the shipped catalogue --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue() -> list[Rule]:
    return load_catalogue()


def test_shipped_files_load(catalogue):
    files = {rule.file for rule in catalogue}
    assert set(OWN_FILES) <= files
    assert all(isinstance(rule, Rule) for rule in catalogue)
    by_id = rules_by_id()
    assert len(by_id) == len(catalogue)
    assert by_id["AXB-004"].file == "10-axb"
    assert by_id["CODE-1010010-401"].file == "00-common"


def test_ids_are_unique(catalogue):
    duplicates = [rid for rid, n in Counter(rule.id for rule in catalogue).items() if n > 1]
    assert not duplicates


@needs_spec
@pytest.mark.parametrize("stem", sorted(OWN_FILES))
def test_spec_parser_finds_every_defined_id(stem):
    ids = spec_ids(stem)
    assert len(ids) == len(set(ids)), f"{stem}.md defines an id twice"
    assert len(ids) == OWN_FILES[stem]


@needs_spec
@pytest.mark.parametrize("stem", sorted(OWN_FILES))
def test_every_spec_id_appears_exactly_once_in_spec_order(catalogue, stem):
    expected = spec_ids(stem)
    counts = Counter(rule.id for rule in catalogue)
    missing = [rid for rid in expected if counts[rid] == 0]
    repeated = [rid for rid in expected if counts[rid] > 1]
    assert not missing, f"ids of {stem}.md missing from the catalogue: {missing}"
    assert not repeated, f"ids of {stem}.md in the catalogue more than once: {repeated}"
    in_file = [rule.id for rule in catalogue if rule.file == stem]
    extra = sorted(set(in_file) - set(expected))
    assert not extra, f"{stem}.yaml has ids that {stem}.md does not define: {extra}"
    assert in_file == expected, f"{stem}.yaml is not in spec order"


@needs_spec
def test_decisions_exist_in_readme(catalogue):
    defined = set(re.findall(r"^\| (D-\d+) \|", (SPEC / "README.md").read_text(encoding="utf-8"), re.M))
    assert defined, "no decisions found in README.md"
    unknown = sorted(
        {f"{rule.id}: {rule.decision}" for rule in catalogue if rule.decision and rule.decision not in defined}
    )
    assert not unknown


def test_every_rule_has_statement_and_https_source(catalogue):
    bad = [r.id for r in catalogue if not r.statement.strip() or "\n" in r.statement]
    assert not bad, f"empty or multi-line statements: {bad}"
    bad = [r.id for r in catalogue if not re.match(r"^https://\S+$", r.source)]
    assert not bad, f"sources that are not a single https URL: {bad}"


def test_rules_not_testable_through_the_api_say_why(catalogue):
    assert {r.testable for r in catalogue} <= TESTABLE
    assert {r.mode for r in catalogue} <= MODES
    bad = [r.id for r in catalogue if r.testable != "api" and not r.why.strip()]
    assert not bad


def test_own_files_modes():
    by_id = rules_by_id()
    assert {r.mode for r in by_id.values() if r.file == "10-axb"} == {"axb"}
    assert by_id["CODE-1011003"].mode == "ax"
    assert by_id["CODE-1012010"].mode == "axb"
    assert by_id["CODE-1013102"].mode == "axe"
    assert by_id["CODE-1010002"].mode == "common"
    assert by_id["GEN-005"].testable == "no"
    assert by_id["AXB-080"].testable == "simulator"


# --- the loader -------------------------------------------------------------------------------------


def test_rule_is_frozen():
    rule = rules_by_id()["AXB-004"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.id = "AXB-999"  # type: ignore[misc]


def test_parses_all_fields():
    text = rule_text(testable="no", why='"informative"', decision="D-5", confirmed="false")
    [rule] = load_texts([("10-axb.yaml", text)])
    assert rule == Rule(
        id="AXB-004",
        mode="axb",
        statement="A rule.",
        source="https://support.huaweicloud.com/x.html",
        confirmed=False,
        testable="no",  # an unquoted `no` is the string, not a YAML 1.1 boolean
        why="informative",
        decision="D-5",
        file="10-axb",
    )


def test_optional_fields_may_be_omitted():
    [rule] = load_texts([("10-axb.yaml", rule_text(why=None))])
    assert rule.why == "" and rule.decision is None


def test_empty_file_has_no_rules():
    assert load_texts([("99-empty.yaml", "# nothing yet\n")]) == []


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"mode": None}, "missing field 'mode'"),
        ({"statement": '""'}, "'statement' must be a non-empty string"),
        ({"source": None}, "missing field 'source'"),
        ({"mode": "axz"}, "mode 'axz'"),
        ({"testable": "maybe"}, "testable 'maybe'"),
        ({"confirmed": "yes"}, "'confirmed' must be true or false"),
        ({"testable": "simulator"}, "'why' is required"),
        ({"decision": "5"}, "decision '5'"),
        ({"colour": "red"}, "unknown field(s) colour"),
    ],
)
def test_invalid_rule_names_file_and_id(overrides, fragment):
    with pytest.raises(ValueError) as info:
        load_texts([("10-axb.yaml", rule_text(**overrides))])
    message = str(info.value)
    assert "\n" not in message
    assert "10-axb.yaml" in message and "AXB-004" in message
    assert fragment in message


def test_missing_id_is_reported_by_position():
    with pytest.raises(ValueError, match=r"10-axb\.yaml: entry #1: missing field 'id'"):
        load_texts([("10-axb.yaml", rule_text(id=None))])


def test_duplicate_id_across_files():
    with pytest.raises(ValueError) as info:
        load_texts([("10-axb.yaml", rule_text()), ("20-ax.yaml", rule_text())])
    message = str(info.value)
    assert "20-ax.yaml: AXB-004" in message and "duplicate id" in message and "10-axb.yaml" in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- id: [unclosed\n  mode: axb\n", "invalid YAML"),
        ("id: AXB-004\n", "expected a list of rules"),
        ("- just a string\n", "expected a mapping"),
    ],
)
def test_malformed_file_gives_one_line(text, fragment):
    with pytest.raises(ValueError) as info:
        load_texts([("30-axe-axyb-x.yaml", text)])
    message = str(info.value)
    assert "\n" not in message and "30-axe-axyb-x.yaml" in message and fragment in message
