"""`pnconform`: run the suite, serve the emulator, list rules and fault switches.

Each command imports what it needs when it runs, so that `pnconform --help` and the small
commands start fast (no import cycle is involved: `lint-imports` holds the packages acyclic).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import signal
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from pnconform.catalogue import MODES as CATALOGUE_MODES
from pnconform.checkout import project_root, suite_args
from pnconform.targets import Target, TargetError, check_reachable, load_target, target_names

if TYPE_CHECKING:
    from pnconform.clauses import RuleClauses

REPORTS = Path("reports")


def _fail(message: str, code: int = 2) -> int:
    print(f"pnconform: error: {message}", file=sys.stderr)
    return code


def cmd_run(args: argparse.Namespace, extra: list[str]) -> int:
    root = project_root()
    if root is None:
        return _fail(
            "run this from a folder holding the suite (features/, steps/, conftest.py): a checkout, or the"
            " unpacked sdist (`pip download --no-binary :all: --no-deps pnconform`); the wheel holds the"
            " emulator and the tools, not the suite"
        )
    from pnconform.catalogue import rule_selection, unknown_rules_problem

    problem = unknown_rules_problem(rule_selection(args.rule))
    if problem:
        return _fail(problem)
    targets_file = Path(args.targets) if args.targets else root / "targets.yaml"
    try:
        target = load_target(targets_file, args.target)
        worker_args = _worker_args(target, args.workers)
        if target.kind == "remote":
            check_reachable(target)
    except TargetError as exc:
        return _fail(str(exc))
    reports = Path(args.reports).resolve()
    reports.mkdir(parents=True, exist_ok=True)
    pytest_args = [
        *suite_args(root, target.name, targets_file),
        f"--alluredir={reports / 'allure-results'}",
        "--clean-alluredir",
        f"--junitxml={reports / 'junit.xml'}",
        f"--conformance-dir={reports}",
        "-o",
        "junit_family=xunit2",
        "-rfE",
        *worker_args,
        *_record_args(args, reports),
        *(f"--rule={rule}" for rule in args.rule),
        *extra,
    ]
    from pnconform.safety.marker import set_new_run_id

    set_new_run_id()  # one run marker, shared by the xdist workers (they inherit the environment)
    # An earlier run's verdict and Allure HTML would look current next to this run's results,
    # also when this run dies before pytest's configure (a broken plugin, a usage error).
    from pnconform.reporting.conformance import remove_previous

    remove_previous(reports)
    shutil.rmtree(reports / "allure-report", ignore_errors=True)
    print(f"pnconform: running the conformance suite against target '{target.name}'", flush=True)
    import pytest

    # A CI job's timeout sends SIGTERM: stop as at Ctrl-C, so the verdict says "interrupted".
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        code = int(pytest.main(pytest_args))
    except KeyboardInterrupt:  # a second Ctrl-C while pytest was already stopping
        print("pnconform: interrupted; no verdict", file=sys.stderr)
        return EXIT_INTERRUPTED
    return _verdict_exit(reports, code, extra, args.accept_partial)


EXIT_USAGE, EXIT_NOT_ASSESSED, EXIT_INTERRUPTED = 2, 5, 130


def _selection(extra: list[str]) -> str:
    """The -k / -m expressions among pytest's arguments, as typed."""
    picked = [f"{flag} {value}" for flag, value in itertools.pairwise(extra) if flag in ("-k", "-m")]
    return " ".join(picked)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _verdict_exit(reports: Path, pytest_code: int, extra: list[str], accept_partial: bool) -> int:
    """The run's exit code: its verdict's (README "Verdicts and exit codes"), or why there is none."""
    from pytest import ExitCode

    from pnconform.reporting.summary import ReportError, write_summary

    source = reports / "conformance.json"  # removed when the run started: present means this run's
    if not source.is_file():
        if pytest_code == int(ExitCode.NO_TESTS_COLLECTED):
            chosen = _selection(extra) or "the selection"
            print(f"pnconform: no scenario matches {chosen}: nothing was checked, no verdict written", flush=True)
            return EXIT_NOT_ASSESSED
        if pytest_code == int(ExitCode.INTERRUPTED):
            print("pnconform: interrupted before any scenario ran; no verdict", file=sys.stderr)
            return EXIT_INTERRUPTED
        print(f"pnconform: the run ended without a verdict (pytest exit {pytest_code}; see above)", file=sys.stderr)
        return EXIT_USAGE
    doc = json.loads(source.read_text(encoding="utf-8"))
    try:
        print(f"pnconform: summary in {write_summary(reports)}", flush=True)
    except ReportError as exc:
        print(f"pnconform: no summary.html: {exc}", file=sys.stderr)
    code = int(doc.get("exit_code", 1))
    if doc.get("verdict_status") == "conforms-partial":
        code = 0 if accept_partial else code
        hint = "" if accept_partial else " (--accept-partial makes a partial run exit 0)"
    else:
        hint = ""
    print(f"pnconform: {doc.get('verdict_status')}, exit {code}{hint}", flush=True)
    return code


def cmd_report(args: argparse.Namespace) -> int:
    """summary.html, then the single-file Allure HTML (exit 3 when Allure is missing or fails)."""
    from pnconform.reporting.allure_html import AllureError, build_allure
    from pnconform.reporting.summary import ReportError, write_summary

    reports = Path(args.reports)
    try:
        print(f"pnconform: summary in {write_summary(reports)}", flush=True)
    except ReportError as exc:
        return _fail(str(exc))
    if not args.no_allure:
        try:
            print(f"pnconform: {build_allure(reports, args.allure_timeout)}", flush=True)
        except AllureError as exc:
            return _fail(str(exc), 3)
    return 0


def _record_args(args: argparse.Namespace, reports: Path) -> list[str]:
    """`--record [DIR]`: per-scenario recordings (pnconform.recording), default <reports>/recordings."""
    if args.record is None:
        return []
    directory = Path(args.record).resolve() if args.record else reports / "recordings"
    return [f"--pnconform-record={directory}"]


def cmd_compare(args: argparse.Namespace) -> int:
    from pnconform.recording.compare import run as compare

    return compare(Path(args.recordings), args.report)


def _worker_args(target: Target, workers: int) -> list[str]:
    """`-n N`: xdist workers; loadgroup keeps each mode's scenarios on one worker (pnconform.parallel)."""
    if workers < 0:
        raise TargetError("--workers takes a positive number (0: no parallel workers)")
    if workers == 0:
        return []
    from pnconform.numbers import partition

    partition(target, 0, workers)  # a user-number range too small to share fails here, in one line
    return ["-n", str(workers), "--dist", "loadgroup"]


def cmd_emulator(args: argparse.Namespace) -> int:
    import yaml

    from pnconform.emulator import ConfigError, run_standalone

    settings: dict[str, object] = {"accept_wsse": True} if args.accept_wsse else {}
    for item in args.set:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            return _fail(f"--set {item}: give NAME=VALUE, e.g. --set axb_max_pairs_per_x=100")
        try:
            settings[name.strip()] = yaml.safe_load(value)
        except yaml.YAMLError:
            return _fail(f"--set {item}: {value!r} is not a YAML value (quote strings: --set name='\"text\"')")
    try:
        run_standalone(
            host=args.host,
            port=args.port,
            config_path=args.config,
            faults=args.fault,
            tls=args.tls or bool(args.tls_dir),
            tls_dir=args.tls_dir,
            settings=settings,
            voice_files=args.voice_file,
            recording=args.recording,
        )
    except ConfigError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}; pick another --port")
    except KeyboardInterrupt:
        pass
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from pnconform.catalogue import load_catalogue
    from pnconform.reporting.conformance import not_covered_reason
    from pnconform.reporting.coverage import rules_covered

    root = project_root()
    covered = rules_covered(root / "features") if root else {}
    statuses: dict[str, str] = {}
    report = Path(args.report)
    if report.is_file():
        statuses = {rid: entry["status"] for rid, entry in json.loads(report.read_text())["rules"].items()}
    rules = [r for r in load_catalogue() if not args.mode or r.mode == args.mode]
    clauses = _clause_statuses(root) if args.clauses and root else {}
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "mode": r.mode,
                        "statement": r.statement,
                        "confirmed": r.confirmed,
                        "testable": r.testable,
                        "scenarios": covered.get(r.id, []),
                        "last_status": statuses.get(r.id),
                        **({} if r.id in covered else {"why": not_covered_reason(r)}),
                        **({"clauses": [c.as_json() for c in clauses[r.id].clauses]} if r.id in clauses else {}),
                    }
                    for r in rules
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    for r in rules:
        coverage = f"{len(covered[r.id])} scenario(s)" if r.id in covered else f"not covered ({r.testable})"
        last = f" last: {statuses[r.id]}" if r.id in statuses else ""
        flag = "" if r.confirmed else " [unconfirmed]"
        print(f"{r.id:<20} {r.mode:<6} {coverage:<26}{last:<16} {r.statement}{flag}")
        if r.id in clauses:
            entry = clauses[r.id]
            for clause in entry.clauses:
                how = ", ".join(clause.checked_by) if clause.status != "not-checkable" else clause.detail
                print(f"{'':<22}- [{clause.status}] {clause.text}  <- {how}")
            if entry.covered and not entry.clauses:
                print(f"{'':<22}- [no clauses listed]")
    n_cov = sum(1 for r in rules if r.id in covered)
    print(f"\n{len(rules)} rules, {n_cov} covered by scenarios, {len(rules) - n_cov} not covered")
    if clauses:
        from pnconform.clauses import summary

        figures = summary([clauses[r.id] for r in rules])
        print(
            f"clauses of covered rules: {figures['asserted']} asserted, {figures['not_checkable']} not checkable,"
            f" {figures['unasserted']} unasserted; {figures['rules_fully_asserted']} of {figures['covered_rules']}"
            f" covered rules fully asserted ({figures['rules_without_clauses']} list no clauses)"
        )
    return 0


def _clause_statuses(root: Path) -> dict[str, RuleClauses]:
    from pnconform.clauses import clause_coverage

    return {entry.rule.id: entry for entry in clause_coverage(root)}


def cmd_where(args: argparse.Namespace) -> int:
    from pnconform.where import locate, render

    try:
        where = locate(args.rule.upper(), project_root())
    except KeyError:
        return _fail(f"{args.rule}: no such rule id in the catalogue; `pnconform rules` lists them")
    print(render(where))
    return 0


def cmd_faults(args: argparse.Namespace) -> int:
    from pnconform.emulator import FAULTS

    for name, fault in sorted(FAULTS.items()):
        print(f"{name:<28} breaks {' '.join(fault.rules):<40} {fault.description}")
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    try:
        from pnconform.openapi import render

        text = render(as_json=args.json)
    except Exception as exc:  # one line, not a traceback
        return _fail(f"openapi: {exc.__class__.__name__}: {exc}", 1)
    sys.stdout.write(text)
    return 0


def cmd_targets(args: argparse.Namespace) -> int:
    """List the targets; exit 1 when one of them is invalid, 2 when the file itself is."""
    try:
        names = target_names(args.targets)
    except TargetError as exc:
        return _fail(str(exc))
    invalid = 0
    for name in names:
        try:
            target = load_target(args.targets, name)
            where = target.base_url or "(started by the kit)"
            print(f"{name:<12} {target.kind:<9} {where}  modes: {','.join(target.capabilities.modes)}")
        except TargetError as exc:
            invalid += 1
            print(f"{name:<12} INVALID   {exc}")
    return 1 if invalid else 0


def cmd_listen(args: argparse.Namespace) -> int:
    from pnconform.receiver.listen import listen

    if args.duration is not None and args.duration <= 0:
        return _fail("--duration takes a positive number of seconds")
    try:
        target = load_target(args.targets, args.target)
    except TargetError as exc:
        return _fail(str(exc))
    try:
        return listen(target, duration=args.duration, reports=Path(args.reports))
    except OSError as exc:
        where = f"{target.callbacks.listen_host}:{target.callbacks.listen_port}"
        return _fail(f"cannot listen on {where}: {exc.strerror or exc}; change callbacks.listen in {target.source}")


def cmd_sweep(args: argparse.Namespace) -> int:
    from pnconform.sweep import cli

    return cli(args.target, args.targets, args.journal, project_root())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pnconform", description=__doc__)
    parser.add_argument("--version", action="version", version=f"pnconform {version('pnconform')}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the conformance suite; extra pytest args go after --")
    run.add_argument("--target", help="target name (default: PNCONFORM_TARGET or the file's default)")
    run.add_argument("--targets", help="targets file (default: targets.yaml of the checkout)")
    run.add_argument("--reports", default=str(REPORTS), help="report folder (default: reports)")
    run.add_argument(
        "-n", "--workers", type=int, default=0, metavar="N", help="run on N parallel workers (pytest-xdist)"
    )
    run.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="ID[,ID...]",
        help="only the scenarios checking these rules (repeatable), e.g. --rule AXB-004 (a partial run)",
    )
    run.add_argument(
        "--accept-partial",
        action="store_true",
        help="exit 0 for a conforms-partial verdict (a -k subset, or capabilities the target lacks)",
    )
    run.add_argument(
        "--record",
        nargs="?",
        const="",
        metavar="DIR",
        help="store each scenario's redacted requests and answers (default DIR: <reports>/recordings)",
    )

    compare = sub.add_parser("compare", help="replay recorded scenarios against the emulator and list differences")
    compare.add_argument(
        "recordings", nargs="?", default=str(REPORTS / "recordings"), help="recordings folder (default: %(default)s)"
    )
    compare.add_argument("--report", metavar="PATH", help="write PATH.md and PATH.json (default: reports/compare)")

    emu = sub.add_parser("emulator", help="serve the reference emulator")
    emu.add_argument("--host", default="127.0.0.1")
    emu.add_argument("--port", type=int, default=8080)
    emu.add_argument("--config", help="emulator config YAML (default: the built-in config)")
    emu.add_argument("--fault", action="append", default=[], metavar="NAME", help="switch a fault on (repeatable)")
    emu.add_argument(
        "--accept-wsse",
        action="store_true",
        help="also accept the legacy WSSE signature (Authorization: WSSE + X-WSSE), as most client code in the wild"
        " sends it (decision D-27: off unless enabled)",
    )
    emu.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting of the config's settings: section, e.g. --set axb_max_pairs_per_x=100 (repeatable;"
        ' VALUE is read as YAML: 5, true, "1012009")',
    )
    emu.add_argument(
        "--voice-file",
        action="append",
        default=[],
        metavar="FILE",
        help="approve a voice file name (preVoice, lastMinVoice, recordHintTone ...) for every app (repeatable)",
    )
    emu.add_argument("--recording", action="store_true", help="enable call recording for every app")
    emu.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS with a throw-away CA made at start-up; its certificate's path is printed",
    )
    emu.add_argument(
        "--tls-dir",
        metavar="DIR",
        help="with --tls: write the CA and server certificate there and keep them (default: a temporary folder)",
    )

    rules = sub.add_parser("rules", help="list the rule catalogue with coverage")
    rules.add_argument("--mode", choices=sorted(CATALOGUE_MODES), help="only this mode")
    rules.add_argument("--report", default=str(REPORTS / "conformance.json"), help="last run's conformance.json")
    rules.add_argument("--json", action="store_true", help="print JSON")
    rules.add_argument(
        "--clauses", action="store_true", help="each rule's clauses and the step definitions that assert them"
    )

    sub.add_parser("faults", help="list the emulator's fault switches")

    openapi = sub.add_parser("openapi", help="print an OpenAPI 3.1 description of the emulated API (YAML)")
    openapi.add_argument("--json", action="store_true", help="print JSON instead of YAML")

    where = sub.add_parser("where", help="a rule id's text, scenarios, step definitions, faults and code (file:line)")
    where.add_argument("rule", help="a rule id, e.g. AXB-004")

    report = sub.add_parser(
        "report",
        help="write reports/summary.html and the single-file Allure HTML report (allure-report/index.html)",
    )
    report.add_argument("--reports", default=str(REPORTS), help="report folder of a run (default: reports)")
    report.add_argument(
        "--no-allure", action="store_true", help="only summary.html (no Allure 3; see PNCONFORM_ALLURE for offline)"
    )
    report.add_argument(
        "--allure-timeout", type=float, default=180, metavar="S", help="give Allure S seconds (default: %(default)s)"
    )

    targets = sub.add_parser("targets", help="list and validate the targets")
    targets.add_argument("--targets", help="targets file (default: targets.yaml)")

    sweep = sub.add_parser("sweep", help="remove the bindings earlier runs left on a target (journal + marker)")
    sweep.add_argument("--target", help="target name (default: PNCONFORM_TARGET or the file's default)")
    sweep.add_argument("--targets", help="targets file (default: targets.yaml)")
    sweep.add_argument("--journal", metavar="PATH", help="a run journal or a folder of them (default: reports/journal)")

    plan = sub.add_parser("plan", help="what a run would do (scenarios, binds, numbers, requests), sending nothing")
    plan.add_argument("--target", help="target name (default: PNCONFORM_TARGET or the file's default)")
    plan.add_argument("--targets", help="targets file (default: targets.yaml of the checkout)")
    plan.add_argument("--reports", default=str(REPORTS), help="where plan.json goes (default: reports)")

    listen = sub.add_parser("listen", help="receive and validate a target's callbacks from calls made by hand")
    listen.add_argument("--target", help="target name (default: PNCONFORM_TARGET or the file's default)")
    listen.add_argument("--targets", help="targets file (default: targets.yaml)")
    listen.add_argument("--duration", type=float, help="stop after S seconds (default: at Ctrl-C)")
    listen.add_argument("--reports", default=str(REPORTS), help="report folder (default: reports)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `pnconform rules --json | head`: the reader has gone, so has our output
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return cmd_run(args, extra)
    if args.command == "plan":
        from pnconform.plan import cli as plan

        return plan(args.target, args.targets, Path(args.reports), extra, project_root())
    if extra:
        return _fail("extra arguments after -- are only for `pnconform run` and `pnconform plan`")
    handlers = {
        "emulator": cmd_emulator,
        "rules": cmd_rules,
        "faults": cmd_faults,
        "openapi": cmd_openapi,
        "targets": cmd_targets,
        "listen": cmd_listen,
        "report": cmd_report,
        "sweep": cmd_sweep,
        "compare": cmd_compare,
        "where": cmd_where,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
