"""The integrators' pytest plugin (`pnconform.testing`): fixtures, marker, ini option, cheap import."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from pnconform.auth import aksk_headers
from pnconform.emulator import builtin_config
from pnconform.testing import pytest_plugin

ROOT = Path(__file__).resolve().parents[1]
AXB_PATH = "/rest/caas/relationnumber/partners/v1.0"
ALICE, BOB = "+8613800000001", "+8613800000002"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PNCONFORM_", "PYTEST_"))}


def _bind(emulator, secret: str | None = None) -> dict:
    app = emulator.app("axb")
    headers = {"Content-Type": "application/json;charset=UTF-8", **aksk_headers(app.app_key, secret or app.app_secret)}
    body = {"callerNum": ALICE, "calleeNum": BOB}
    return httpx.post(emulator.base_url + AXB_PATH, json=body, headers=headers, timeout=10).json()


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/callbacks"


def test_fixture_serves_the_built_in_apps_with_fresh_secrets(privatenumber_emulator):
    assert privatenumber_emulator.base_url.startswith("http://127.0.0.1:")
    for builtin in builtin_config().apps:
        app = privatenumber_emulator.app(builtin.mode)
        assert app.app_key == builtin.app_key
        assert app.x_numbers == tuple(x.number for x in builtin.x_numbers)
        assert app.app_secret != builtin.app_secret
        assert privatenumber_emulator.app(builtin.app_key) is app
        assert app.app_secret not in repr(app)
    assert _bind(privatenumber_emulator, "emu-axb-secret")["resultcode"] != "0"  # the public test value
    bound = _bind(privatenumber_emulator)
    assert bound["resultcode"] == "0"
    assert [b["subscriptionId"] for b in privatenumber_emulator.bindings("axb")] == [bound["subscriptionId"]]
    with pytest.raises(KeyError, match="no app for 'nope'"):
        privatenumber_emulator.app("nope")


@pytest.mark.privatenumber(settings={"axb_max_pairs_per_x": 7}, faults=["axb.allow_overlap"])
@pytest.mark.privatenumber(settings={"axb_max_pairs_per_x": 3, "created_skew_s": 60}, accept_wsse=True)
def test_marker_settings_and_faults_are_applied(privatenumber_emulator):
    settings = privatenumber_emulator.settings
    assert settings["axb_max_pairs_per_x"] == 3  # the marker closest to the test wins, key by key
    assert settings["created_skew_s"] == 60
    assert settings["accept_wsse"] is True
    assert privatenumber_emulator.hooks.faults()["enabled"] == ["axb.allow_overlap"]


def test_callbacks_pushes_and_reset(privatenumber_emulator):
    emu = privatenumber_emulator
    url = _closed_port_url()
    urls = emu.set_callbacks("axb", event=url, sms="http://127.0.0.1:9/sms")
    assert (urls["call_event_url"], urls["sms_url"], urls["fee_url"]) == (url, "http://127.0.0.1:9/sms", None)
    urls = emu.set_callbacks("emu-axb-app", sms=None)  # by app key; None clears, the others stay
    assert (urls["call_event_url"], urls["sms_url"]) == (url, None)

    x = _bind(emu)["relationNum"]
    call = emu.place_call(ALICE, x)
    assert call["sessionId"] and call["callee"] == BOB
    assert emu.send_sms(BOB, x, "hello")["forwarded"]["to"] == ALICE
    assert emu.flush()["pending"] >= 1  # nobody listens: each push failed and waits for its re-push
    events = emu.pushes("event")
    assert events and all(p["url"] == url and p["attempts"] and not p["attempts"][0]["ok"] for p in events)
    assert emu.pushes("fee") == []  # no fee URL: no CDR push
    emu.advance_clock(60)  # the first re-push falls due one minute after the failure
    emu.flush()
    assert all(len(p["attempts"]) == 2 for p in emu.pushes("event"))

    emu.patch_settings(axb_max_pairs_per_x=2)
    emu.set_faults(["axb.allow_overlap"])
    emu.advance_clock(3600)
    emu.reset()
    assert emu.bindings() == [] and emu.pushes() == []
    assert emu.settings["axb_max_pairs_per_x"] == builtin_config().settings["axb_max_pairs_per_x"]
    assert emu.hooks.faults()["enabled"] == []
    assert emu.set_callbacks("axb")["call_event_url"] is None


def test_session_fixture_is_one_running_emulator(privatenumber_emulator_session, privatenumber_emulator):
    assert privatenumber_emulator_session.base_url != privatenumber_emulator.base_url
    assert privatenumber_emulator_session.app("axb").app_secret != "emu-axb-secret"
    privatenumber_emulator_session.reset()
    assert privatenumber_emulator_session.bindings() == []


def test_plugin_is_loaded_and_adds_only_an_ini_option(request):
    assert request.config.pluginmanager.get_plugin("privatenumber") is pytest_plugin  # the entry point

    calls: list[tuple[str, str]] = []

    class Parser:
        def addini(self, name: str, *args: object, **kwargs: object) -> None:
            calls.append(("addini", name))

        def __getattr__(self, name: str):  # addoption, getgroup ...: not expected
            return lambda *args, **kwargs: calls.append((name, str(args)))

    pytest_plugin.pytest_addoption(Parser())  # type: ignore[arg-type]
    assert calls == [("addini", "privatenumber_emulator_config")]


def test_importing_the_plugin_does_not_import_the_emulator():
    code = "import pnconform.testing.pytest_plugin, sys; print('pnconform.emulator' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_ini_option_and_marker_config_in_a_project(tmp_path):
    config = """\
        apps:
          - mode: axb
            app_key: {key}
            app_secret: {key}-secret
            x_numbers: [{{number: "+861709999000{n}", area_code: "0755"}}]
        """
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = -p no:cacheprovider\nprivatenumber_emulator_config = conf/ini.yaml\n"
    )
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "ini.yaml").write_text(textwrap.dedent(config.format(key="ini-app", n=1)))
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "marker.yaml").write_text(textwrap.dedent(config.format(key="marker-app", n=2)))
    (tmp_path / "tests" / "bad.yaml").write_text("apps: 3\n")
    (tmp_path / "tests" / "test_it.py").write_text(
        textwrap.dedent(
            """\
            import pytest

            def test_ini(privatenumber_emulator, privatenumber_emulator_session):
                for emulator in (privatenumber_emulator, privatenumber_emulator_session):
                    app = emulator.app("axb")
                    assert (app.app_key, app.app_secret) == ("ini-app", "ini-app-secret")
                    assert list(emulator.apps) == ["axb"]

            @pytest.mark.privatenumber(config="marker.yaml")
            def test_marker(privatenumber_emulator):
                assert privatenumber_emulator.app("axb").x_numbers == ("+8617099990002",)

            @pytest.mark.privatenumber(config="bad.yaml")
            def test_bad_config(privatenumber_emulator):
                pass

            @pytest.mark.privatenumber(setting={"a": 1})
            def test_bad_marker(privatenumber_emulator):
                pass
            """
        )
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rfE"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
    )
    out = done.stdout
    assert "2 passed, 2 errors" in out, out
    assert "ERROR tests/test_it.py::test_bad_config" in out and "ERROR tests/test_it.py::test_bad_marker" in out
    assert "privatenumber emulator: " in out and "bad.yaml: apps: expected a list" in out
    assert "During handling" not in out  # one line, not a chained traceback
    assert "@pytest.mark.privatenumber: keyword arguments only" in out and "(got setting)" in out


def test_the_example_project_passes():
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "examples/integrator-service", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed" in done.stdout
