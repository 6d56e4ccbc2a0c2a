"""What a run needs and would do: per-scenario number needs, the pool check, `pnconform plan`.

Two sources, each used where it is honest:

* **Static needs** (`scenario_needs`), read from a scenario's Gherkin steps and tags, decide at
  collection whether a target's pools are large enough (`pool_problem`, every run). Scenarios
  name their X numbers (`X`, `X1`, `X2` …: each name is a distinct X of the scenario's mode) and
  user numbers (`A`…`H`: each a fresh user number); a few steps and tags need more than they
  name, listed in `_EXTRA_X`. Area needs (an X "in the city of X2") are not derived: such steps
  skip with a reason when the pool has no X of that area.
* **Measured needs** (`pnconform plan`): the selected scenarios run against a private embedded
  emulator configured like the target (its apps' X numbers, its limits and capabilities, no
  rate limit), and every request that emulator receives is counted per scenario. Binds per
  scenario depend on Hypothesis and on answers, so running them is the only exact count; it
  sends nothing to the target. Capability skips are the target's own (`_skip_reason`).
"""

from __future__ import annotations

import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from pnconform.checkout import suite_args
from pnconform.ratelimit import RateLimit
from pnconform.tags import mode_of
from pnconform.targets import MODES, App, Target, TargetError, XNumber, load_target

PLAN_KEY = pytest.StashKey["PlanRecorder"]()

_X_NAME = re.compile(r"(?<![\w+\"])X\d?(?![\w\"])")
_USER_NAME = re.compile(r"(?<![\w+\"])[A-H](?![\w\"])")
_HOLDS_AX = re.compile(r"holds AX bindings on (\d+) numbers")
# Needs a scenario has beyond the numbers it names (mode, tag) -> X numbers of that mode.
_EXTRA_X = {
    ("axb", "needs-fill"): 2,  # an X free of bindings to fill, and one other (AXB-010, invariants)
    ("axyb", None): 2,  # step 1 takes an X, step 2 a Y of the same app
}
_BIND_PATHS = {
    "/rest/caas/relationnumber/partners/v1.0": ("axb", "relationNum"),
    "/rest/provision/caas/privatenumber/v1.0": ("ax", "privateNum"),
    "/rest/caas/extendnumber/v1.0": ("axe", "virtualNum"),
    "/rest/omp/xyrelationnumber/v1.0": ("axyb", "relationNumber"),
}
_NUMBER = re.compile(r"\+86\d{9,11}")


# -- static needs and the pool check ------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    mode: str  # whose X numbers (the scenario's mode; common and call scenarios use the AXB app)
    x: int  # distinct X numbers of that mode at once
    users: int  # fresh user numbers


def step_text(item: pytest.Item) -> str:
    """The scenario's steps as sent (an outline's example values substituted)."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    function = getattr(item, "function", None)
    template = scenario_wrapper_template_registry.get(function) if function else None
    if template is None:
        return ""
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get("_pytest_bdd_example", {}) if callspec else {}
    steps = template.render(example).steps if example else template.steps
    return "\n".join(step.name for step in steps)


def scenario_needs(text: str, tags: set[str], target: Target) -> Need:
    mode = mode_of(tags)
    mode = mode if mode in MODES else "axb"
    x = len(set(_X_NAME.findall(text)))
    held = [int(n) + 1 for n in _HOLDS_AX.findall(text)]  # N held, then one more is tried
    x = max([x, *held, *(n for (m, tag), n in _EXTRA_X.items() if m == mode and (tag is None or tag in tags))])
    users = len(set(_USER_NAME.findall(text)))
    if "needs-fill" in tags and mode == "axb":
        users = max(users, 2 * target.capabilities.limits["axb_pairs_per_x"])
    return Need(mode, x, users)


def _pool_share(target: Target) -> tuple[dict[str, int], int, str]:
    """X numbers per mode and user numbers this process may use, and a note on partitioning."""
    from pnconform.numbers import partition, worker_slot

    index, count = worker_slot()
    # X pools stay whole per worker (pnconform.parallel keeps a mode on one worker); user numbers split.
    share = partition(target, index, count)
    note = f" (this worker's share, {count} workers)" if share is not target else ""
    xs = {mode: len(app.x_numbers) for mode, app in share.apps.items()}
    return xs, share.user_numbers.count, note


def pool_problem(target: Target, needs: list[tuple[str, Need]]) -> str | None:
    """One line when a selected scenario needs more numbers than the target gives, else None."""
    xs, users, note = _pool_share(target)
    for name, need in needs:
        have = xs.get(need.mode)
        if have is not None and need.x > have:
            return (
                f"target '{target.name}': scenario '{name}' needs {need.x} {need.mode} X numbers at once, "
                f"the target gives {have}{note}; add numbers to apps.{need.mode}.x_numbers in {target.source} "
                f"or deselect it (-k/-m)"
            )
        if need.users > users:
            return (
                f"target '{target.name}': scenario '{name}' needs {need.users} user numbers, the target gives "
                f"{users}{note}; raise user_numbers.count in {target.source} or deselect it (-k/-m)"
            )
    return None


# -- the shadow emulator: the target's pools and limits, on loopback -----------------------------


def start_shadow(target: Target) -> tuple[Target, Any]:
    """An embedded emulator configured like `target`, and the target pointed at it (no rate limit)."""
    from pnconform.emulator import ConfigError, EmbeddedEmulator, builtin_config
    from pnconform.emulator.config import AppConfig, XNumberConfig

    limits = target.capabilities.limits
    if target.kind == "embedded":
        cfg = builtin_config()
        settings = dict(target.emulator.get("settings", {}))
    else:
        area = target.user_numbers.area_code or "0755"
        apps = [
            AppConfig(
                app.mode,
                app.app_key,
                "plan",
                [XNumberConfig(x.number, x.area_code or area, x.province or "") for x in app.x_numbers],
                voice_files=list(target.voice_files) or ["pnconform-tone.wav"],
                extension_length=limits["axe_extension_length"] if app.mode == "axe" else 4,
            )
            for app in target.apps.values()
        ]
        cfg = builtin_config()
        prefixes = {**cfg.mobile_prefix_areas, target.user_numbers.start[:6]: area}  # user numbers' city
        cfg = replace(cfg, apps=apps, mobile_prefix_areas=prefixes)
        settings = {
            "axb_max_pairs_per_x": limits["axb_pairs_per_x"],
            "axyb_max_relations_per_y": limits["axyb_relations_per_y"],
            "accept_wsse": target.capabilities.wsse,
        }
    try:
        cfg = cfg.with_settings(settings).with_faults([]).with_random_secrets().validate()
    except ConfigError as exc:
        raise TargetError(f"target '{target.name}': the plan cannot model it on the emulator: {exc}") from None
    emulator = EmbeddedEmulator(cfg, host="127.0.0.1", port=0, tls=target.tls)  # GEN-001: as the target's scheme
    recorder_middleware(emulator)
    emulator.start()
    apps: dict[str, App] = {}
    for app in cfg.apps:
        xs = tuple(XNumber(x.number, x.area_code, x.province) for x in app.x_numbers)
        apps.setdefault(app.mode, App(app.mode, app.app_key, app.app_secret, xs))
    # kind embedded: it is one (no journal, no reachability check, no pool split); no rate limit.
    shadow = replace(target.with_runtime(emulator.base_url, apps), kind="embedded", rate_limit=RateLimit())
    return shadow, emulator


def recorder_middleware(emulator: Any) -> None:
    """Count every request the shadow emulator answers (pure ASGI, added before it starts)."""
    emulator.seen = []

    class Record:
        def __init__(self, app: Any) -> None:
            self.app = app

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            body, answer = bytearray(), bytearray()

            async def recv() -> Any:
                message = await receive()
                body.extend(message.get("body", b""))
                return message

            async def snd(message: Any) -> None:
                if message["type"] == "http.response.body":
                    answer.extend(message.get("body", b""))
                    if not message.get("more_body", False):
                        # Counted before the client can have the answer: the scenario that sent the
                        # request is still running (its count is taken when it ends).
                        query = scope.get("query_string", b"").decode()
                        emulator.seen.append((scope["method"], scope["path"], query, bytes(body), bytes(answer)))
                await send(message)

            await self.app(scope, recv, snd)

    emulator.app.add_middleware(Record)


# -- counting what the dry run sent ------------------------------------------------------------


@dataclass
class ScenarioCount:
    requests: int = 0
    hooks_requests: int = 0
    binds: Counter[str] = field(default_factory=Counter)
    xs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    users: set[str] = field(default_factory=set)


def count_exchanges(seen: list[tuple[str, str, str, bytes, bytes]], target: Target) -> ScenarioCount:
    count = ScenarioCount()
    users = target.user_numbers
    first = int(users.start[1:])
    for method, path, query, body, answer in seen:
        if path.startswith("/_emulator"):
            count.hooks_requests += 1
            continue
        count.requests += 1
        text = body.decode(errors="replace") + " " + " ".join(v for vs in parse_qs(query).values() for v in vs)
        count.users.update(n for n in _NUMBER.findall(text) if 0 <= int(n[1:]) - first < users.count)
        if method != "POST" or path not in _BIND_PATHS:
            continue
        try:
            doc = json.loads(answer)
        except ValueError:
            continue
        if isinstance(doc, dict) and doc.get("resultcode") == "0":
            mode, x_field = _BIND_PATHS[path]
            count.binds[mode] += 1
            if doc.get(x_field):
                count.xs[mode].add(str(doc[x_field]))
    return count


class PlanRecorder:
    """The pytest plugin of a dry run: what was selected or skipped, and what each scenario sent."""

    def __init__(self) -> None:
        self.selected: list[tuple[str, Any, Need]] = []  # nodeid, ScenarioInfo, static need
        self.skipped: dict[str, list[str]] = defaultdict(list)  # reason -> scenario names
        self.counts: dict[str, ScenarioCount] = {}
        self.outcomes: dict[str, str] = {}
        self.emulator: Any = None
        self.target: Target | None = None
        self.real_target: Target | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[PLAN_KEY] = self

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: Any) -> Any:
        start = len(self.emulator.seen) if self.emulator is not None else 0
        try:
            return (yield)
        finally:
            if self.emulator is not None and self.target is not None:
                self.counts[item.nodeid] = count_exchanges(self.emulator.seen[start:], self.target)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed or (report.when == "call" and report.outcome in ("passed", "skipped")):
            self.outcomes.setdefault(report.nodeid, report.outcome)


# -- the plan ----------------------------------------------------------------------------------


def build(recorder: PlanRecorder, took_s: float) -> dict[str, Any]:
    target = recorder.real_target
    assert target is not None
    per_mode: dict[str, dict[str, Any]] = {}
    requests = hooks_requests = 0
    users: set[str] = set()
    hooks_needed = calls_needed = 0
    scenarios = []
    for nodeid, info, need in recorder.selected:
        count = recorder.counts.get(nodeid, ScenarioCount())
        requests += count.requests
        hooks_requests += count.hooks_requests
        users |= count.users
        hooks_needed += "needs-hooks" in info.tags
        calls_needed += "needs-calls" in info.tags
        for mode in set(count.binds) | {need.mode}:
            entry = per_mode.setdefault(
                mode, {"scenarios": 0, "binds": 0, "max_x_per_scenario": 0, "static_max_x": 0, "x_numbers_given": 0}
            )
            entry["binds"] += count.binds.get(mode, 0)
            entry["max_x_per_scenario"] = max(entry["max_x_per_scenario"], len(count.xs.get(mode, ())))
        per_mode[need.mode]["scenarios"] += 1
        per_mode[need.mode]["static_max_x"] = max(per_mode[need.mode]["static_max_x"], need.x)
        scenarios.append(
            {
                "name": info.name,
                "mode": need.mode,
                "requests": count.requests + count.hooks_requests,
                "binds": dict(count.binds),
                "x_numbers": {m: len(xs) for m, xs in count.xs.items()},
                "user_numbers": len(count.users),
                "dry_run": recorder.outcomes.get(nodeid, "not run"),
            }
        )
    for mode, entry in per_mode.items():
        entry["x_numbers_given"] = len(target.apps[mode].x_numbers) if mode in target.apps else 0
    limit = target.rate_limit
    total = requests + hooks_requests
    estimate = None if not limit.rps else math.ceil(total / limit.rps)
    return {
        "target": target.name,
        "kind": target.kind,
        "selected": len(recorder.selected),
        "skipped": {reason: sorted(names) for reason, names in sorted(recorder.skipped.items())},
        "modes": dict(sorted(per_mode.items())),
        "user_numbers": {"needed": len(users), "given": target.user_numbers.count},
        "hooks": {"needed_by": hooks_needed, "available": target.capabilities.test_hooks},
        "calls_and_sms": {"needed_by": calls_needed, "available": target.capabilities.call_simulator},
        "hypothesis": dict(target.hypothesis),
        "requests": {"api": requests, "hooks": hooks_requests, "total": total},
        "rate_limit": {"rps": limit.rps, "concurrent": limit.concurrent, "text": limit.describe()},
        "estimated_duration_s": estimate,
        "dry_run_s": round(took_s, 1),
        "scenarios": scenarios,
    }


def render(plan: dict[str, Any]) -> str:
    lines = [
        f"pnconform plan for target '{plan['target']}' ({plan['kind']}): nothing was sent to it; the counts come "
        "from a dry run on a private emulator configured like it",
        "",
        f"Scenarios: {plan['selected']} selected, {sum(len(v) for v in plan['skipped'].values())} skipped",
    ]
    for reason, names in plan["skipped"].items():
        lines.append(f"  skipped ({len(names)}): {reason}")
    lines += ["", "Per mode (binds the run makes; X numbers one scenario binds on at most, measured / from its steps):"]
    for mode, m in plan["modes"].items():
        lines.append(
            f"  {mode:<5} {m['scenarios']:>4} scenarios  {m['binds']:>6} binds  "
            f"X at once: {m['max_x_per_scenario']} measured / {m['static_max_x']} static, {m['x_numbers_given']} given"
        )
    u, h, c = plan["user_numbers"], plan["hooks"], plan["calls_and_sms"]
    lines += [
        "",
        f"User numbers: {u['needed']} drawn from the range (never reused in a run), {u['given']} given",
        f"Test hooks: needed by {h['needed_by']} selected ({'available' if h['available'] else 'not offered'})",
        f"Call/SMS simulator: needed by {c['needed_by']} ({'available' if c['available'] else 'not offered'})",
        "Hypothesis budget: " + ", ".join(f"{k}={v}" for k, v in plan["hypothesis"].items()),
        f"Requests: {plan['requests']['total']} ({plan['requests']['api']} API, {plan['requests']['hooks']} hooks); "
        f"rate limit {plan['rate_limit']['text']}",
    ]
    if plan["estimated_duration_s"] is not None:
        lines.append(f"Estimated duration under the rate limit: at least {plan['estimated_duration_s']} s")
    else:
        lines.append(f"No rate limit: the dry run took {plan['dry_run_s']} s on loopback")
    return "\n".join(lines)


def cli(target_name: str | None, targets: str | None, reports: Path, extra: list[str], root: Path | None) -> int:
    """`pnconform plan`: the pytest arguments of `pnconform run`, then the dry run."""
    if root is None:
        print("pnconform: error: run this from the pnconform checkout (features/, steps/)", file=sys.stderr)
        return 2
    targets_file = Path(targets) if targets else root / "targets.yaml"
    try:
        target = load_target(targets_file, target_name)
    except TargetError as exc:
        print(f"pnconform: error: {exc}", file=sys.stderr)
        return 2
    args = [
        *suite_args(root, target.name, targets_file),
        *extra,
        "-n",
        "0",  # one process, whatever the extra args say: the counts are per scenario, in order
    ]
    print(f"pnconform: planning a run against target '{target.name}' (dry run on a private emulator)", flush=True)
    return run_plan(args, reports)


def run_plan(pytest_args: list[str], reports: Path) -> int:
    """Collect and dry-run with `pytest_args`, print the plan, write plan.json."""
    recorder = PlanRecorder()
    started = time.monotonic()
    code = pytest.main([*pytest_args, "-q", "--tb=no", "--no-header"], plugins=[recorder])
    took = time.monotonic() - started
    if recorder.real_target is None:  # a usage error (bad target, pool too small) was printed
        return int(code) or 2
    plan = build(recorder, took)
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "plan.json").write_text(json.dumps(plan, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(render(plan))
    print(f"\npnconform: plan written to {reports / 'plan.json'}")
    return 0
