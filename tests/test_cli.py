"""The command line: rules, faults, targets listings and argument handling."""

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
    assert main(["rules", "--mode", "x", "--report", str(tmp_path / "none.json")]) == 0
    out = capsys.readouterr().out
    assert "XM-008" in out and "not covered (simulator)" in out  # a call-simulator rule no scenario covers


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
    assert "run this from the pnconform checkout" in capsys.readouterr().err


def test_listen_is_a_command(capsys):
    with pytest.raises(SystemExit):
        main(["listen", "--help"])
    assert "--duration" in capsys.readouterr().out
