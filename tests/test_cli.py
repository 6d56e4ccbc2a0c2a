"""The command line: rules, faults, targets listings and argument handling."""

import json
from pathlib import Path

import pytest

from pnconform.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def in_checkout(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_rules_lists_catalogue_with_coverage(capsys, tmp_path):
    assert main(["rules", "--mode", "axb", "--report", str(tmp_path / "none.json")]) == 0
    out = capsys.readouterr().out
    assert "AXB-004" in out and "scenario(s)" in out
    assert "AXB-080" in out and "AX-005" not in out
    assert main(["rules", "--mode", "common", "--report", str(tmp_path / "none.json")]) == 0
    out = capsys.readouterr().out
    assert "GEN-005" in out and "not covered (no)" in out  # a rule no scenario can check (short connections)


def test_rules_clauses_shows_each_clause_and_what_asserts_it(capsys, tmp_path):
    assert main(["rules", "--clauses", "--mode", "axb", "--report", str(tmp_path / "none.json")]) == 0
    out = capsys.readouterr().out
    assert "- [asserted] " in out and "  <- " in out
    assert "clauses of covered rules: " in out and " unasserted; " in out and "covered rules fully asserted" in out
    assert main(["rules", "--clauses", "--json", "--mode", "axb", "--report", str(tmp_path / "none.json")]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert all("clauses" in e for e in entries)
    assert {c["status"] for e in entries for c in e["clauses"]} <= {"asserted", "not-checkable", "unasserted"}


def test_faults_lists_every_switch_with_rules(capsys):
    from pnconform.emulator import FAULTS

    assert main(["faults"]) == 0
    out = capsys.readouterr().out
    for name, fault in FAULTS.items():
        assert name in out and fault.rules[0] in out


def test_targets_lists_the_shipped_targets(capsys):
    assert main(["targets"]) == 0
    out = capsys.readouterr().out
    assert "reference" in out and "local" in out and "INVALID" not in out


def test_extra_args_only_for_run(capsys):
    assert main(["faults", "--", "-k", "x"]) == 2
    assert "only for `pnconform run`" in capsys.readouterr().err


def test_run_outside_a_checkout(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 2
    assert "run this from a folder holding the suite" in capsys.readouterr().err


def test_listen_is_a_command(capsys):
    with pytest.raises(SystemExit):
        main(["listen", "--help"])
    assert "--duration" in capsys.readouterr().out


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.startswith("pnconform ")


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("run", "plan", "report", "rules", "where", "faults", "targets", "emulator", "sweep", "listen"):
        assert command in out, command


def test_targets_with_broken_yaml_says_so_in_one_line(tmp_path, capsys):
    broken = tmp_path / "targets.yaml"
    broken.write_text("targets: [\n")
    assert main(["targets", "--targets", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not valid YAML" in err


def test_targets_exits_1_when_a_target_is_invalid(tmp_path, capsys):
    targets = tmp_path / "targets.yaml"
    targets.write_text("targets:\n  good: {kind: embedded}\n  bad: {kind: nonsense}\n")
    assert main(["targets", "--targets", str(targets)]) == 1
    out = capsys.readouterr().out
    assert "bad          INVALID" in out and "good" in out


def test_rules_refuses_an_unknown_mode(capsys):
    with pytest.raises(SystemExit) as done:
        main(["rules", "--mode", "nope"])
    assert done.value.code == 2 and "invalid choice: 'nope'" in capsys.readouterr().err


def test_rules_json_into_a_closed_pipe_is_quiet(tmp_path):
    import subprocess
    import sys

    command = f"{sys.executable} -m pnconform.cli rules --json | head -1"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, cwd=tmp_path)
    assert done.stdout.strip() == "[" and "Traceback" not in done.stderr


def test_run_refuses_an_unknown_rule_in_one_line(capsys):
    assert main(["run", "--rule", "AXB-004,AXB-9999"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "pnconform: error: --rule: unknown rule id AXB-9999; `pnconform rules` lists them"
