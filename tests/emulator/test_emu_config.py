"""Result-code table, fault registry and configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from pnconform.emulator import (
    FAULTS,
    ConfigError,
    EmulatorConfig,
    builtin_config,
    load_config,
)
from pnconform.emulator.codes import CODES

EXAMPLE = Path(__file__).resolve().parents[2] / "src/pnconform/emulator/example-config.yaml"


# -- codes (D-1, D-2) -------------------------------------------------------------------------------


@pytest.mark.parametrize("row", list(CODES.values()), ids=lambda r: r.key)
def test_http_status_follows_d1(row):
    internal = {"1010001", "1023001", "1023002", "1020001", "1020002", "1020150", "1020152"}
    if row.code == "0":
        expected = 200
    elif row.code.startswith("1023") and row.code not in internal:
        expected = 400
    elif row.key in ("1010010-401", "1010013"):
        expected = 401
    elif row.code in internal:
        expected = 500
    else:
        expected = 403
    assert row.status == expected
    assert row.desc


def test_1010010_has_two_rows():
    assert CODES["1010010-401"].desc == "Invalid digest."
    assert CODES["1010010-403"].status == 403 and "flow control" in CODES["1010010-403"].desc


# -- fault registry ------------------------------------------------------------------------------------


def test_every_fault_names_catalogue_rules_and_says_what_it_does():
    # `pnconform faults` is the list (design.md points to it rather than keeping a copy).
    from pnconform.catalogue import rules_by_id

    catalogue = rules_by_id()
    for name, fault in FAULTS.items():
        assert fault.rules and set(fault.rules) <= set(catalogue), (name, set(fault.rules) - set(catalogue))
        assert fault.description.strip(), name


def test_code_ranges_are_expanded():
    assert "CODE-1023009" in FAULTS["auth.skip_header_checks"].rules
    assert FAULTS["auth.skip_xaksk_checks"].rules[-1] == "CODE-1023037"


# -- built-in config ----------------------------------------------------------------------------------


def test_builtin_config_matches_design():
    cfg = builtin_config()
    by_mode = {a.mode: a for a in cfg.apps}
    assert set(by_mode) == {"axb", "ax", "axe", "axyb", "x"}
    axb = by_mode["axb"]
    assert (axb.app_key, axb.app_secret) == ("emu-axb-app", "emu-axb-secret")
    areas = [(x.number, x.area_code, x.province) for x in axb.x_numbers]
    assert areas[0] == ("+8617010000001", "0755", "guangdong")
    assert areas[4] == ("+8617010000005", "020", "guangdong")
    assert areas[7] == ("+8617010000008", "010", "beijing")
    assert len(by_mode["ax"].x_numbers) == 8 and len(by_mode["x"].x_numbers) == 2
    assert all(a.voice_files == ["pnconform-tone.wav"] and a.recording and a.state == "normal" for a in cfg.apps)
    assert cfg.mobile_prefix_areas == {"+86138": "0755"}
    assert cfg.settings == {
        "created_skew_s": 300,
        "accept_wsse": False,
        "axb_max_pairs_per_x": 5000,
        "axb_full_x_code": "1012008",
        "flow_control_per_min": 0,
        "requester_limit_per_min": 0,
        "auth_block_after_failures": 0,
        "auth_block_s": 1800,
        "hooks_loopback_only": True,
        "ax_duplicate_bind_code": "1016002",
        "ax_modify_extended_fields": True,
        "axe_duplicate_bind_code": "1013102",
        "axe_alloc_fail_code": "1012008",
        "axe_max_bind_hours": 720,
        "axe_modify_changes_expiry": False,
        "axyb_max_x_per_a": 5,
        "axyb_max_relations_per_y": 1000,
        "axyb_limit_code": "1011003",
        "axyb_alloc_fail_code": "1011002",
        "axyb_default_duration_s": 7200,
        "axyb_cap_yb_duration": True,
        "axyb_max_yb_per_ax": 5,
        "axyb_query_x_plus_y": True,
        # calls
        "retry_time_scale": 1.0,
        "push_auto": True,
        "push_timeout_s": 5,
        "cdr_service_type_map": {"ax": "003"},
        "ax_temp_callee_single_use": False,
        "record_retention_s": 604800,
    }
    assert cfg.faults == []
    assert "emu-axb-secret" not in repr(cfg)


def test_with_methods_return_copies():
    cfg = builtin_config()
    cfg2 = cfg.with_settings({"axb_max_pairs_per_x": 20, "accept_wsse": True})
    assert cfg2.settings["axb_max_pairs_per_x"] == 20 and cfg2.settings["accept_wsse"] is True
    assert cfg.settings["axb_max_pairs_per_x"] == 5000
    cfg3 = cfg.with_faults(["axb.allow_overlap"])
    assert cfg3.faults == ["axb.allow_overlap"] and cfg.faults == []
    cfg4 = cfg.with_random_secrets()
    assert all(a.app_secret != b.app_secret for a, b in zip(cfg.apps, cfg4.apps, strict=True))
    assert cfg.apps[0].app_secret == "emu-axb-secret"
    assert cfg.app_for_mode("ax").app_key == "emu-ax-app"


@pytest.mark.parametrize(
    "values",
    [
        {"nope": 1},
        {"axb_max_pairs_per_x": 0},
        {"axb_max_pairs_per_x": True},
        {"accept_wsse": "yes"},
        {"axb_full_x_code": "1012010"},
    ],
)
def test_bad_settings_raise(values):
    with pytest.raises(ConfigError):
        builtin_config().with_settings(values)


def test_unknown_fault_raises():
    with pytest.raises(ConfigError, match=r"unknown fault 'axb\.nope'"):
        builtin_config().with_faults(["axb.nope"])


def test_full_code_accepts_int():
    assert builtin_config().with_settings({"axb_full_x_code": 1012009}).settings["axb_full_x_code"] == "1012009"


# -- YAML ---------------------------------------------------------------------------------------------


def test_example_config_is_the_builtin_one():
    cfg = load_config(EXAMPLE)
    builtin = builtin_config()
    assert [(a.mode, a.app_key, a.app_secret, a.x_numbers) for a in cfg.apps] == [
        (a.mode, a.app_key, a.app_secret, a.x_numbers) for a in builtin.apps
    ]
    assert cfg.settings == builtin.settings and cfg.faults == []


def test_load_minimal_file_uses_builtin_apps(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("settings: {axb_max_pairs_per_x: 3}\nfaults: [axb.unlocked]\n")
    cfg = load_config(path)
    assert cfg.settings["axb_max_pairs_per_x"] == 3 and cfg.faults == ["axb.unlocked"]
    assert cfg.apps[0].app_key == "emu-axb-app"


def test_load_custom_app_fills_province(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(
        "apps:\n"
        "  - {mode: axb, app_key: k, app_secret: s, x_numbers: [{number: '+8617099990001', area_code: '021'}]}\n"
        "  - {mode: ax, app_key: k2, app_secret: s2, ip_whitelist: [10.0.0.0/8]}\n"
    )
    cfg = load_config(path)
    assert cfg.apps[0].x_numbers[0].province == "shanghai"
    assert cfg.apps[1].ip_whitelist == ["10.0.0.0/8"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("apps: [", "line 1: invalid YAML"),
        ("- 1", "config: expected a mapping"),
        ("bogus: 1", "config: unknown key 'bogus'"),
        ("settings: {axb_max_pairs_per_x: -1}", "setting axb_max_pairs_per_x: expected an integer >= 1"),
        ("faults: [nope]", "unknown fault 'nope'"),
        ("apps: [{mode: axb, app_key: k}]", "apps[0]: missing app_secret"),
        ("apps: [{mode: zz, app_key: k, app_secret: s}]", "apps[0].mode: 'zz' is not one of"),
        (
            "apps: [{mode: axb, app_key: k, app_secret: s, x_numbers: [{number: +8617099990001, area_code: '0755'}]}]",
            "apps[0].x_numbers[0].number: expected a quoted number",
        ),
        (
            "apps: [{mode: axb, app_key: k, app_secret: s, x_numbers: [{number: '+8617099990001', area_code: 0755}]}]",
            "apps[0].x_numbers[0].area_code: expected a quoted city code",
        ),
        (
            "apps: [{mode: axb, app_key: k, app_secret: s, x_numbers: [{number: '12345', area_code: '0755'}]}]",
            "is not a mobile number in global format",
        ),
        (
            "apps: [{mode: axb, app_key: k, app_secret: s, x_numbers: [{number: '+8617099990001', area_code: '0999'}]}"
            "]",
            "0999 is not in the area table",
        ),
        (
            "apps: [{mode: axb, app_key: k, app_secret: s}, {mode: ax, app_key: k, app_secret: s}]",
            "apps[1].app_key: 'k' is used by two apps",
        ),
        (
            "apps: [{mode: axb, app_key: k, app_secret: s, x_numbers: [{number: '+8617099990001', area_code: '0755'}]},"
            " {mode: ax, app_key: k2, app_secret: s, x_numbers: [{number: '+8617099990001', area_code: '0755'}]}]",
            "already belongs to app 'k'",
        ),
        (
            "apps: [{mode: axb, app_key: k, app_secret: s, ip_whitelist: [not-an-ip]}]",
            "apps[0].ip_whitelist[0]: 'not-an-ip' is not an IP address",
        ),
        ("apps: [{mode: axb, app_key: k, app_secret: s, state: gone}]", "apps[0].state: 'gone'"),
        ("mobile_prefix_areas: {'+86139': '755'}", "is not a city code"),
    ],
)
def test_bad_files_give_one_clear_line(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "absent.yaml")


def test_programmatic_config_is_validated():
    from pnconform.emulator import AppConfig, create_app

    with pytest.raises(ConfigError):
        create_app(EmulatorConfig(apps=[AppConfig("nope", "k", "s")]))
