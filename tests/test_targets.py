"""targets.yaml: the shipped file is valid, and every broken file gets one clear line."""

from pathlib import Path

import pytest

from pnconform.cli import main
from pnconform.targets import TargetError, load_target

ROOT = Path(__file__).resolve().parents[1]

GOOD = """
default: live
targets:
  live:
    kind: remote
    base_url: https://pn.example.test
    apps:
      axb: {app_key: k1, app_secret: "${PNC_TEST_SECRET}", x_numbers: ["+8617000000001"]}
    user_numbers: {start: "+8613800000000", count: 10}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_targets_are_valid(monkeypatch):
    monkeypatch.chdir(ROOT)
    for name in ("reference", "local"):
        target = load_target(ROOT / "targets.yaml", name)
        assert target.user_numbers.count > 0
    assert load_target(ROOT / "targets.yaml").name == "reference"


def test_secret_comes_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PNC_TEST_SECRET", "s3cr3t")
    target = load_target(write(tmp_path, GOOD))
    assert target.app("axb").app_secret == "s3cr3t"
    assert "s3cr3t" not in repr(target)


def test_selection_order(tmp_path, monkeypatch):
    monkeypatch.setenv("PNC_TEST_SECRET", "x")
    path = write(tmp_path, GOOD.replace("default: live", "default: nope"))
    monkeypatch.setenv("PNCONFORM_TARGET", "live")
    assert load_target(path).name == "live"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD, "environment variable PNC_TEST_SECRET is not set; export PNC_TEST_SECRET"),
        (GOOD.replace('"${PNC_TEST_SECRET}"', "plain-secret"), "secrets never live in this file"),
        (GOOD.replace("base_url: https://pn.example.test", "base_url: pn.example.test"), "base_url"),
        (GOOD.replace('"+8617000000001"', '"17000000001"'), "not a number in global format"),
        (GOOD.replace("kind: remote", "kind: remote\n    colour: blue"), "unknown key 'colour'"),
        (GOOD.replace("count: 10", "count: 0"), "user_numbers.count"),
        (GOOD.replace("default: live", "default: other"), "no target named 'other' (known: live)"),
        ("targets: [1, 2", "not valid YAML"),
        ("just text", "expected a mapping with 'targets:'"),
        (GOOD.replace("kind: remote", "kind: remote\n    auth: basic"), "'basic' is not one of: aksk, wsse"),
        (GOOD + "    capabilities: {modes: [axz]}\n", "'axz' is not one of"),
        (GOOD + "    hypothesis: {max_examples: -1}\n", "hypothesis.max_examples"),
        (GOOD + "    capabilities: {codes: {axb_duplicate_bind: [1012010]}}\n", "quoted result codes"),
    ],
)
def test_broken_files_give_one_clear_line(tmp_path, monkeypatch, text, expected):
    monkeypatch.delenv("PNC_TEST_SECRET", raising=False)
    if "PNC_TEST_SECRET is not set" not in expected:
        monkeypatch.setenv("PNC_TEST_SECRET", "x")
    with pytest.raises(TargetError) as error:
        load_target(write(tmp_path, text))
    message = str(error.value)
    assert expected in message
    assert "\n" not in message
    assert str(tmp_path / "targets.yaml") in message


def test_missing_file(tmp_path):
    with pytest.raises(TargetError, match="file not found"):
        load_target(tmp_path / "absent.yaml")


def test_cli_run_reports_bad_target_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("PNC_TEST_SECRET", raising=False)
    code = main(["run", "--targets", str(write(tmp_path, GOOD))])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("pnconform: error: ")
    assert "Traceback" not in err


def test_cli_run_reports_unreachable_target(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("PNC_TEST_SECRET", "x")
    path = write(tmp_path, GOOD.replace("https://pn.example.test", "http://127.0.0.1:9"))
    code = main(["run", "--targets", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach http://127.0.0.1:9" in err and err.count("\n") == 1


def test_callbacks_section(tmp_path, monkeypatch):
    monkeypatch.setenv("PNC_TEST_SECRET", "s3cr3t")
    default = load_target(write(tmp_path, GOOD)).callbacks
    assert (default.listen_host, default.listen_port, default.public_url) == ("127.0.0.1", 0, None)
    text = GOOD + "    callbacks: {listen: {host: 0.0.0.0, port: 8443}, public_url: https://hooks.example.com/pn/}\n"
    callbacks = load_target(write(tmp_path, text)).callbacks
    assert (callbacks.listen_host, callbacks.listen_port) == ("0.0.0.0", 8443)
    assert callbacks.public_url == "https://hooks.example.com/pn"


@pytest.mark.parametrize(
    "section, expected",
    [
        ("callbacks: {listen: {port: 70000}}", "callbacks.listen.port: 70000 is not a port"),
        ("callbacks: {listen: {port: '80'}}", "callbacks.listen.port: expected int"),
        ("callbacks: {listen: {address: x}}", "callbacks.listen: unknown key 'address'"),
        ("callbacks: {public_url: hooks.example.com}", "callbacks.public_url: 'hooks.example.com'"),
        ("callbacks: {url: x}", "callbacks: unknown key 'url'"),
        ("callbacks: [1]", "callbacks: expected a mapping"),
    ],
)
def test_broken_callbacks_give_one_line(tmp_path, monkeypatch, section, expected):
    monkeypatch.setenv("PNC_TEST_SECRET", "s3cr3t")
    with pytest.raises(TargetError) as info:
        load_target(write(tmp_path, GOOD + "    " + section + "\n"))
    assert expected in str(info.value) and "\n" not in str(info.value)


def test_hypothesis_budget_option_overrides_the_target_settings():
    from pnconform.session import hypothesis_budget

    assert hypothesis_budget("5x10") == {"max_examples": 5, "stateful_step_count": 10}
    assert hypothesis_budget("10x10x5") == {"max_examples": 10, "stateful_step_count": 10, "shrink_seconds": 5}
    for bad in ("5", "0x10", "ax10", "1x2x3x4"):
        with pytest.raises(TargetError, match="--hypothesis-budget"):
            hypothesis_budget(bad)
