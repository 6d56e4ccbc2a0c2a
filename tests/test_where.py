"""`pnconform where RULE-ID`: every rule id leads to its text, scenarios, steps, faults and code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pnconform.catalogue import load_catalogue
from pnconform.reporting.coverage import rules_covered
from pnconform.where import locate, render

ROOT = Path(__file__).resolve().parents[1]


def test_every_rule_id_is_located() -> None:
    covered = rules_covered(ROOT / "features")
    for rule in load_catalogue():
        where = locate(rule.id, ROOT)
        assert where.catalogue is not None and where.catalogue.text == f"- id: {rule.id}", rule.id
        assert len(where.scenarios) == len(covered.get(rule.id, [])), rule.id
        if where.scenarios:
            assert where.steps, f"{rule.id}: its scenarios run no step definition that could be found"
        text = render(where)
        assert text.startswith(rule.id) and rule.statement in text


def test_a_rule_shows_its_scenarios_steps_faults_and_oracle_with_file_and_line() -> None:
    text = render(locate("AXB-004", ROOT))
    assert "features/axb/bind.feature:" in text and "steps/axb/bindings.py:" in text
    assert "src/pnconform/emulator/modes/axb/faults.py:" in text and "axb.allow_overlap" in text
    assert "src/pnconform/oracle/axb/model.py:" in text


def test_cli_where_and_an_unknown_rule_in_one_line() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "pnconform.cli", "where", "axb-004"], cwd=ROOT, capture_output=True, text=True
    )
    assert ok.returncode == 0 and ok.stdout.startswith("AXB-004"), ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "pnconform.cli", "where", "NOPE-1"], cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "no such rule id" in bad.stderr
