"""How one scenario's pytest report becomes a conformance status.

Set on the report in `pytest_runtest_makereport` (so it travels with the report from an xdist
worker to the controller) as `report.pnconform = {status, reason, link, message, listed}`:

- a failure raised as `pnconform.client.Indeterminate` (a timeout: the operation may have happened)
  is `indeterminate`, never a pass nor an expected failure;
- a failing call whose rules are all listed in the target's expectations is an `expected-fail`
  (pytest shows it as xfail);
- a failing `@unconfirmed` scenario on a target with `unconfirmed: report` is a `deviation`;
- a passing call with a listed rule is an `unexpected-pass` (pytest XPASS; a failure with
  `expectations_strict: true`).
"""

from __future__ import annotations

import re
from typing import Any

from pnconform import expectations
from pnconform.violation import rules_of

ATTR = "pnconform"
MESSAGE_CHARS = 600
_DIGEST = re.compile(r'(PasswordDigest=\\?")([^"\\]{7,})(\\?")')


def exception_names(excinfo: Any) -> set[str]:
    """Class names along the exception's MRO (matched by name: the classes may move between modules)."""
    value = getattr(excinfo, "value", None)
    return {cls.__name__ for cls in type(value).__mro__} if value is not None else set()


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return _DIGEST.sub(lambda m: f"{m.group(1)}{m.group(2)[:6]}…{m.group(3)}", text)


def failure_message(excinfo: Any, secrets: list[str]) -> str:
    """The first lines of the failure, redacted: the evidence shown in summary.html."""
    text = excinfo.exconly() if excinfo is not None else ""
    lines = [line for line in text.splitlines() if line.strip()][:8]
    message = "\n".join(lines)
    if len(message) > MESSAGE_CHARS:
        message = message[:MESSAGE_CHARS] + " …"
    return redact(message, secrets)


def judge(
    report: Any,
    call: Any,
    name: str,
    rules: list[str],
    tags: set[str],
    target: Any,
    step: str = "",
    scenario_id: str = "",
) -> None:
    """Decide the scenario's status for this phase; adjust the report to say it to pytest and Allure.

    A failure that names its rules (pnconform.violation.RuleViolation) is a failure of those rules
    only; a plain assertion fails every rule the scenario is tagged with."""
    secrets = target.secrets if target is not None else []
    deviations = tuple(getattr(target, "expectations", ()) or ())
    listed = expectations.judge(deviations, name, rules, scenario_id)
    excinfo = call.excinfo
    if report.failed:
        message = failure_message(excinfo, secrets)
        blamed = list(rules_of(getattr(excinfo, "value", None))) if excinfo is not None else []
        if "Indeterminate" in exception_names(excinfo):
            _mark(report, "indeterminate", message.splitlines()[0] if message else "indeterminate", "", message)
        elif report.when == "call" and expectations.covers_all(listed, blamed or rules):
            assert listed is not None
            report.outcome = "skipped"
            report.wasxfail = f"expected deviation: {listed.reason}"
            _mark(report, "expected-fail", listed.reason, listed.link, message, listed.rules, blamed, step)
        elif report.when == "call" and "unconfirmed" in tags and target and target.capabilities.unconfirmed == "report":
            # The expected value is a documented reading nobody confirmed: report, don't block.
            report.outcome = "skipped"
            report.wasxfail = "deviation from an unconfirmed reading"
            _mark(report, "deviation", report.wasxfail, "", message, None, blamed, step)
        else:
            why = "target unreachable" if "TargetUnreachable" in exception_names(excinfo) else ""
            _mark(report, "fail", why or f"failed in {report.when}", "", message, None, blamed, step)
    elif report.when == "call" and report.passed and listed is not None:
        reason = f"unexpected pass: listed as a deviation ({listed.reason}); update the expectations file"
        if getattr(target, "expectations_strict", False):
            report.outcome = "failed"
            report.longrepr = f"[XPASS(strict)] {reason}"
        else:
            report.wasxfail = reason
        _mark(report, "unexpected-pass", reason, listed.link, "", listed.rules)


def _mark(
    report: Any,
    status: str,
    reason: str,
    link: str,
    message: str,
    listed: list[str] | None = None,
    failed_rules: list[str] | None = None,
    step: str = "",
) -> None:
    judged = {
        "status": status,
        "reason": reason,
        "link": link,
        "message": message,
        "listed": listed or [],
        "failed_rules": failed_rules or [],
        "step": step,
    }
    setattr(report, ATTR, judged)
