"""`pnconform plan` sends nothing to the target and counts what a run would do; a too-small pool
refuses the run in one line."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from pnconform.plan import Need, pool_problem, scenario_needs
from pnconform.targets import load_target

ROOT = Path(__file__).resolve().parents[1]
FRESH_BIND = "a_pair_of_fresh_numbers_is_bound_on_an_x_of_the_app"
AXYB_BIND = "a_is_bound_to_an_x_allocated_in_the_city_of_the_request"


class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def live() -> Iterator[tuple[str, list[str]]]:
    """A stand-in for a live target that only counts what reaches it."""
    hits: list[str] = []
    handler = type("Handler", (_Counter,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def write_targets(tmp_path: Path, base_url: str, axyb_xs: int = 1, users: int = 1000) -> Path:
    axyb = "\n".join(f'          - {{number: "+86170400000{i:02d}", area_code: "0755"}}' for i in range(1, axyb_xs + 1))
    path = tmp_path / "targets.yaml"
    path.write_text(
        f"""targets:
  live:
    kind: remote
    base_url: {base_url}
    rate_limit: {{rps: 4, concurrent: 1}}
    apps:
      axb:
        app_key: live-axb
        app_secret: ${{PNCONFORM_TEST_UNSET_SECRET:-live-secret}}
        x_numbers:
          - {{number: "+8617010000001", area_code: "0755", province: guangdong}}
          - {{number: "+8617010000002", area_code: "0755", province: guangdong}}
      axyb:
        app_key: live-axyb
        app_secret: ${{PNCONFORM_TEST_UNSET_SECRET:-live-secret}}
        x_numbers:
{axyb}
    user_numbers: {{start: "+8613800000000", count: {users}, area_code: "0755"}}
    capabilities: {{modes: [axb, axyb], test_hooks: false}}
    hypothesis: {{max_examples: 2, stateful_step_count: 5}}
"""
    )
    return path


def pnconform(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pnconform.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_plan_counts_without_sending_anything(tmp_path: Path, live: tuple[str, list[str]]) -> None:
    url, hits = live
    targets = write_targets(tmp_path, url, axyb_xs=2)
    reports = tmp_path / "reports"
    result = pnconform(
        "plan", "--targets", str(targets), "--target", "live", "--reports", str(reports), "--", "-k", FRESH_BIND
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert hits == []  # not even a reachability check
    plan = json.loads((reports / "plan.json").read_text())
    assert plan["selected"] == 1
    assert plan["modes"]["axb"]["binds"] == 1
    assert plan["modes"]["axb"]["max_x_per_scenario"] == 1
    assert plan["user_numbers"]["needed"] == 2
    assert plan["requests"]["api"] == 2  # the bind and its cleanup unbind
    assert plan["estimated_duration_s"] == 1  # 2 requests at 4/s
    assert plan["hooks"] == {"needed_by": 0, "available": False}
    assert "nothing was sent" in result.stdout
    assert "Estimated duration under the rate limit" in result.stdout


def test_plan_groups_capability_skips(tmp_path: Path, live: tuple[str, list[str]]) -> None:
    url, hits = live
    targets = write_targets(tmp_path, url, axyb_xs=2)
    reports = tmp_path / "reports"
    result = pnconform(
        "plan", "--targets", str(targets), "--target", "live", "--reports", str(reports),
        "--", "-k", "temporary_callee or test_there_is_no_axyb_modify_interface",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    plan = json.loads((reports / "plan.json").read_text())
    reasons = " ".join(plan["skipped"])
    assert "does not offer mode ax (capabilities.modes)" in reasons
    assert hits == []


def test_a_too_small_pool_refuses_in_one_line(tmp_path: Path, live: tuple[str, list[str]]) -> None:
    url, _ = live
    targets = write_targets(tmp_path, url, axyb_xs=1)
    result = pnconform(
        "plan", "--targets", str(targets), "--target", "live", "--reports", str(tmp_path), "--", "-k", AXYB_BIND
    )
    assert result.returncode != 0
    line = next(line for line in (result.stdout + result.stderr).splitlines() if "needs 2 axyb X numbers" in line)
    assert "the target gives 1" in line and "apps.axyb.x_numbers" in line
    assert "Traceback" not in result.stdout + result.stderr


def test_a_run_refuses_before_any_api_request(tmp_path: Path, live: tuple[str, list[str]]) -> None:
    url, hits = live
    targets = write_targets(tmp_path, url, axyb_xs=1)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "steps", "--targets", str(targets), "--target", "live", "-k", AXYB_BIND, "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 4, result.stdout + result.stderr  # pytest's usage error
    assert "needs 2 axyb X numbers" in result.stdout + result.stderr
    assert hits == ["/"]  # only the reachability check; no API request


def test_static_needs_from_steps_and_tags() -> None:
    target = load_target(ROOT / "targets.yaml", "local")
    assert scenario_needs("When the app binds A and B on X", {"axb"}, target) == Need("axb", 1, 2)
    two = "Given an AXB binding of A and B on X1\nWhen the app binds A and C on X2"
    assert scenario_needs(two, {"axb"}, target) == Need("axb", 2, 3)
    assert scenario_needs("Given A holds AX bindings on 5 numbers of the app", {"ax"}, target).x == 6
    assert scenario_needs("When A binds", {"axyb"}, target).x == 2  # X and Y
    fill = scenario_needs("Given an X filled up", {"axb", "needs-fill"}, target)
    assert fill.x == 2 and fill.users == 2 * target.capabilities.limits["axb_pairs_per_x"]
    # Quoted names and numbers are not number names.
    assert scenario_needs('When the app sends "X" to +8613800000001', {"axb"}, target) == Need("axb", 0, 0)


def test_pool_problem_names_mode_need_and_key() -> None:
    target = load_target(ROOT / "targets.yaml", "local")
    assert pool_problem(target, [("s", Need("axb", 8, 10))]) is None
    problem = pool_problem(target, [("s", Need("axe", 5, 1))])
    assert problem is not None and "needs 5 axe X numbers" in problem and "apps.axe.x_numbers" in problem
    problem = pool_problem(target, [("s", Need("axb", 1, 2_000_000))])
    assert problem is not None and "user_numbers.count" in problem
