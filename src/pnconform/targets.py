"""`targets.yaml`: what the suite may talk to, with what credentials, numbers and capabilities.

Every problem is reported as one `TargetError` line that names the file, the place and the fix;
secrets are read from environment variables only.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import yaml

from pnconform import tls
from pnconform.expectations import ExpectationsError, load
from pnconform.ratelimit import RateLimit

MODES = ("axb", "ax", "axe", "axyb", "x")
GLOBAL_NUMBER = re.compile(r"^\+86\d{9,11}$")
_ENV_REF = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?\}$")

DEFAULT_LIMITS = {
    "axb_pairs_per_x": 5000,
    "max_fill": 100,
    "axyb_relations_per_y": 1000,
    "axyb_x_per_a": 5,
    "axe_extension_length": 4,  # digits per extension of the target's AXE app (1-4, §A.1)
}
DEFAULT_CODES = {
    "axb_duplicate_bind": ["1012010"],  # D-5
    "axb_full_x": ["1012008", "1012009"],  # D-4
    "ax_duplicate_bind": ["1016002", "1011002", "1011005"],  # D-6
    "axe_duplicate_bind": ["1013102", "1012010"],  # D-12: the same A again on the same X
    "axe_alloc_fail": ["1012008", "1011002"],  # D-19
    "axe_full_x": ["1020167", "1012008", "1011002"],  # AXE-006: code undocumented
    "axe_foreign_x": ["1012001", "1011001"],  # GEN-102: AXE code undocumented (AXB / AX codes)
    "axyb_alloc_fail": ["1011002", "1012008"],  # D-19
    "axyb_app_key": ["1010002", "1010003"],  # D-11: app_key missing (or not the signing app's)
    "call_stop_param": ["1020001", "1010002"],  # D-25, STOP-006: bad call-stop body (which one is unconfirmed)
}
DEFAULT_HYPOTHESIS = {"max_examples": 10, "stateful_step_count": 15, "shrink_seconds": 30}


class TargetError(Exception):
    """A problem with the targets file or the target itself; the message is one line."""


@dataclass(frozen=True)
class XNumber:
    number: str
    area_code: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class App:
    mode: str
    app_key: str
    app_secret: str = field(repr=False)
    x_numbers: tuple[XNumber, ...] = ()


@dataclass(frozen=True)
class NumberRange:
    start: str
    count: int
    area_code: str | None = None

    def nth(self, index: int) -> str:
        if not 0 <= index < self.count:
            raise TargetError(f"number range {self.start} (+{self.count}) is exhausted; give the target a larger count")
        digits = self.start[1:]
        return "+" + str(int(digits) + index).zfill(len(digits))


@dataclass(frozen=True)
class Capabilities:
    modes: tuple[str, ...] = ("axb",)
    test_hooks: bool = False
    wsse: bool = False
    concurrency: bool = False
    limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    codes: dict[str, list[str]] = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_CODES.items()})
    created_skew_s: int = 300
    unconfirmed: str = "blocking"  # or "report": a failing @unconfirmed scenario is reported, not failed
    call_simulator: bool = False  # the hooks offer the call/SMS simulator (default: test_hooks)


@dataclass(frozen=True)
class Callbacks:
    """Where the suite's callback receiver listens, and the base URL the platform pushes to."""

    listen_host: str = "127.0.0.1"
    listen_port: int = 0  # 0: a free port
    public_url: str | None = None  # live targets: the base URL set in the console; None: the receiver's own
    # How long an awaited push may take to arrive. The emulators deliver every due push before a
    # flush answers (test-hooks contract), so theirs only needs a grace; a live platform's pushes take time.
    wait_s: float = 5.0


@dataclass(frozen=True)
class Target:
    name: str
    kind: str  # "embedded": the kit runs the emulator itself; "remote": anything reachable over HTTP(S)
    base_url: str | None
    auth: str
    verify_tls: bool
    timeout_s: float
    apps: dict[str, App]
    user_numbers: NumberRange
    fixed_line_numbers: NumberRange | None
    foreign_x: str | None
    areas: dict[str, str]
    voice_files: tuple[str, ...]
    capabilities: Capabilities
    hypothesis: dict[str, int]
    emulator: dict[str, Any]
    source: str = ""
    callbacks: Callbacks = field(default_factory=Callbacks)
    rate_limit: RateLimit = field(default_factory=RateLimit)  # requests/s and in flight; unlimited
    # Known deviations (pnconform.expectations.Deviation) from `expectations:`.
    expectations: tuple[Any, ...] = ()
    expectations_strict: bool = False  # an unexpected pass fails the run
    # GEN-001: the target is to be reached over HTTPS. Embedded: `tls: true` serves the emulator over
    # HTTPS with a throw-away CA; remote: its base_url is https://.
    tls: bool = False
    ca_file: str | None = None  # remote: a CA certificate (PEM) the run trusts besides certifi's

    @property
    def secrets(self) -> list[str]:
        """The apps' secrets, for redacting anything that reaches a report."""
        return [app.app_secret for app in self.apps.values() if app.app_secret]

    def app(self, mode: str) -> App:
        try:
            return self.apps[mode]
        except KeyError:
            raise TargetError(f"target '{self.name}' has no {mode} app; add apps.{mode} in {self.source}") from None

    def with_hypothesis(self, **budget: int) -> Target:
        """The target with some Hypothesis settings overridden (`--hypothesis-budget`)."""
        return replace(self, hypothesis={**self.hypothesis, **budget})

    def with_runtime(self, base_url: str, apps: dict[str, App]) -> Target:
        """The embedded target once its emulator runs: address and apps are known."""
        return replace(self, base_url=base_url, apps=apps)


# -- loading ---------------------------------------------------------------------------------


class _Reader:
    """Walks one target mapping, turning every defect into a TargetError naming its place."""

    def __init__(self, source: str, name: str) -> None:
        self.source, self.name = source, name

    def fail(self, where: str, problem: str) -> TargetError:
        return TargetError(f"{self.source}: target '{self.name}': {where}: {problem}")

    def mapping(self, value: Any, where: str, allowed: set[str]) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}")
        unknown = sorted(set(map(str, value)) - allowed)
        if unknown:
            raise self.fail(where, f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")
        return value

    def typed(self, value: Any, where: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        if value is None:
            return default
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(where, "expected a number, got a boolean")
        if not isinstance(value, kind):
            want = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(where, f"expected {want}, got {type(value).__name__} {value!r}")
        return value

    def number(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not GLOBAL_NUMBER.match(value):
            raise self.fail(where, f"{value!r} is not a number in global format like +8613800000000 (quote it)")
        return value

    def secret(self, value: Any, where: str) -> str:
        match = _ENV_REF.match(value) if isinstance(value, str) else None
        if not match:
            raise self.fail(where, "secrets never live in this file: write ${ENV_VAR} and export ENV_VAR")
        var, default = match.groups()
        resolved = os.environ.get(var, default)
        if not resolved:
            raise self.fail(where, f"environment variable {var} is not set; export {var}=<the app secret>")
        return resolved

    def number_range(self, value: Any, where: str) -> NumberRange | None:
        if value is None:
            return None
        raw = self.mapping(value, where, {"start", "count", "area_code"})
        start = self.number(raw.get("start"), f"{where}.start")
        count = self.typed(raw.get("count"), f"{where}.count", int)
        if not count or count < 1:
            raise self.fail(f"{where}.count", "give a positive count of numbers the suite may use")
        return NumberRange(start, count, self.typed(raw.get("area_code"), f"{where}.area_code", str))


_TARGET_KEYS = {
    "kind",
    "base_url",
    "auth",
    "verify_tls",
    "timeout_s",
    "apps",
    "user_numbers",
    "fixed_line_numbers",
    "foreign_x",
    "areas",
    "voice_files",
    "capabilities",
    "hypothesis",
    "emulator",
    "description",
    "callbacks",
    "rate_limit",
    "expectations",
    "expectations_strict",
    "tls",
    "ca_file",
}
_CAPABILITY_KEYS = {
    "modes",
    "test_hooks",
    "call_simulator",
    "wsse",
    "concurrency",
    "limits",
    "codes",
    "created_skew_s",
    "unconfirmed",
}


def _parse_target(name: str, raw: Any, source: str) -> Target:
    r = _Reader(source, name)
    raw = r.mapping(raw, "target", _TARGET_KEYS)
    kind = r.typed(raw.get("kind"), "kind", str, "remote")
    if kind not in ("embedded", "remote"):
        raise r.fail("kind", f"'{kind}' is not one of: embedded, remote")
    base_url = r.typed(raw.get("base_url"), "base_url", str)
    if kind == "remote" and not (base_url and re.match(r"^https?://[^/\s]+", base_url)):
        raise r.fail("base_url", "a remote target needs base_url like https://host:port")
    auth = r.typed(raw.get("auth"), "auth", str, "aksk")
    if auth not in ("aksk", "wsse"):
        raise r.fail("auth", f"'{auth}' is not one of: aksk, wsse")

    apps: dict[str, App] = {}
    for mode, app_raw in r.mapping(raw.get("apps"), "apps", set(MODES)).items():
        where = f"apps.{mode}"
        app_raw = r.mapping(app_raw, where, {"app_key", "app_secret", "x_numbers"})
        key = r.typed(app_raw.get("app_key"), f"{where}.app_key", str)
        if not key:
            raise r.fail(f"{where}.app_key", "missing")
        xs = []
        for i, x in enumerate(r.typed(app_raw.get("x_numbers"), f"{where}.x_numbers", list, [])):
            at = f"{where}.x_numbers[{i}]"
            x = {"number": x} if isinstance(x, str) else r.mapping(x, at, {"number", "area_code", "province"})
            xs.append(XNumber(r.number(x.get("number"), at), x.get("area_code"), x.get("province")))
        apps[mode] = App(mode, key, r.secret(app_raw.get("app_secret"), f"{where}.app_secret"), tuple(xs))
    if kind == "remote" and not apps:
        raise r.fail("apps", "a remote target needs at least one app (apps.axb: {app_key, app_secret, x_numbers})")

    user_numbers = r.number_range(raw.get("user_numbers"), "user_numbers")
    if user_numbers is None:
        raise r.fail("user_numbers", "give the range the suite may take A/B numbers from: {start, count}")

    caps_raw = r.mapping(raw.get("capabilities"), "capabilities", _CAPABILITY_KEYS)
    modes = tuple(r.typed(caps_raw.get("modes"), "capabilities.modes", list, ["axb"]))
    for mode in modes:
        if mode not in MODES:
            raise r.fail("capabilities.modes", f"'{mode}' is not one of: {', '.join(MODES)}")
    unconfirmed = r.typed(caps_raw.get("unconfirmed"), "capabilities.unconfirmed", str, "blocking")
    if unconfirmed not in ("blocking", "report"):
        raise r.fail("capabilities.unconfirmed", f"'{unconfirmed}' is not one of: blocking, report")
    limits = {**DEFAULT_LIMITS, **r.typed(caps_raw.get("limits"), "capabilities.limits", dict, {})}
    length = limits["axe_extension_length"]
    if isinstance(length, bool) or not isinstance(length, int) or not 1 <= length <= 4:
        raise r.fail("capabilities.limits.axe_extension_length", f"expected the AXE app's 1-4 digits, got {length!r}")
    codes = {k: list(v) for k, v in DEFAULT_CODES.items()}
    for key, value in r.typed(caps_raw.get("codes"), "capabilities.codes", dict, {}).items():
        if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
            raise r.fail(f"capabilities.codes.{key}", "expected a list of quoted result codes like ['1012010']")
        codes[key] = value
    test_hooks = bool(r.typed(caps_raw.get("test_hooks"), "capabilities.test_hooks", bool, False))
    capabilities = Capabilities(
        modes=modes,
        test_hooks=test_hooks,
        call_simulator=bool(r.typed(caps_raw.get("call_simulator"), "capabilities.call_simulator", bool, test_hooks)),
        wsse=bool(r.typed(caps_raw.get("wsse"), "capabilities.wsse", bool, False)),
        concurrency=bool(r.typed(caps_raw.get("concurrency"), "capabilities.concurrency", bool, False)),
        limits=limits,
        codes=codes,
        created_skew_s=r.typed(caps_raw.get("created_skew_s"), "capabilities.created_skew_s", int, 300),
        unconfirmed=unconfirmed,
    )
    hyp = {**DEFAULT_HYPOTHESIS, **r.typed(raw.get("hypothesis"), "hypothesis", dict, {})}
    for key, value in hyp.items():
        if key not in DEFAULT_HYPOTHESIS or not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise r.fail(
                f"hypothesis.{key}", "use max_examples / stateful_step_count / shrink_seconds with positive integers"
            )
    emulator = r.mapping(raw.get("emulator"), "emulator", {"settings", "faults"})
    if kind == "remote" and emulator:
        raise r.fail("emulator", "only an embedded target has emulator settings")
    foreign_x = raw.get("foreign_x")
    tls, ca_file = _parse_tls(r, kind, base_url, raw)
    callbacks = _parse_callbacks(r, raw.get("callbacks"))
    rate_limit = _parse_rate_limit(r, raw.get("rate_limit"))
    expectations = _load_expectations(r, raw.get("expectations"), source)
    return Target(
        name=name,
        kind=kind,
        base_url=base_url.rstrip("/") if base_url else None,
        auth=auth,
        verify_tls=bool(r.typed(raw.get("verify_tls"), "verify_tls", bool, True)),
        timeout_s=float(r.typed(raw.get("timeout_s"), "timeout_s", (int, float), 10.0)),
        apps=apps,
        user_numbers=user_numbers,
        fixed_line_numbers=r.number_range(raw.get("fixed_line_numbers"), "fixed_line_numbers"),
        foreign_x=r.number(foreign_x, "foreign_x") if foreign_x is not None else None,
        areas={str(k): str(v) for k, v in r.typed(raw.get("areas"), "areas", dict, {}).items()},
        voice_files=tuple(r.typed(raw.get("voice_files"), "voice_files", list, [])),
        capabilities=capabilities,
        hypothesis=hyp,
        emulator={"settings": dict(emulator.get("settings") or {}), "faults": list(emulator.get("faults") or [])},
        source=source,
        callbacks=callbacks,
        rate_limit=rate_limit,
        expectations=expectations,
        expectations_strict=bool(r.typed(raw.get("expectations_strict"), "expectations_strict", bool, False)),
        tls=tls,
        ca_file=ca_file,
    )


def _parse_tls(r: _Reader, kind: str, base_url: str | None, raw: dict[str, Any]) -> tuple[bool, str | None]:
    """GEN-001: whether the target is reached over HTTPS, and the extra CA file a remote one names."""
    tls = r.typed(raw.get("tls"), "tls", bool)
    ca_file = r.typed(raw.get("ca_file"), "ca_file", str)
    if kind == "remote":
        if tls is not None:
            raise r.fail("tls", "only an embedded target has tls: a remote target's scheme is its base_url's")
        if ca_file is not None and not Path(ca_file).is_file():
            raise r.fail("ca_file", f"{ca_file}: no such file (give the CA certificate, PEM, the run should trust)")
        return bool(base_url and base_url.startswith("https://")), ca_file
    if ca_file is not None:
        raise r.fail("ca_file", "an embedded target trusts its own throw-away CA (tls: true); ca_file is for remote")
    return bool(tls), None


def _parse_callbacks(r: _Reader, value: Any) -> Callbacks:
    raw = r.mapping(value, "callbacks", {"listen", "public_url", "wait_s"})
    listen = r.mapping(raw.get("listen"), "callbacks.listen", {"host", "port"})
    host = r.typed(listen.get("host"), "callbacks.listen.host", str, "127.0.0.1")
    port = r.typed(listen.get("port"), "callbacks.listen.port", int, 0)
    if not 0 <= port <= 65535:
        raise r.fail("callbacks.listen.port", f"{port} is not a port (0-65535; 0 picks a free one)")
    public_url = r.typed(raw.get("public_url"), "callbacks.public_url", str)
    if public_url is not None and not re.match(r"^https?://[^/\s]+", public_url):
        raise r.fail(
            "callbacks.public_url", f"{public_url!r}: give the base URL the platform pushes to, like https://host"
        )
    wait_s = float(r.typed(raw.get("wait_s"), "callbacks.wait_s", (int, float), Callbacks.wait_s))
    if wait_s <= 0:
        raise r.fail("callbacks.wait_s", f"{wait_s:g}: give the seconds an awaited push may take to arrive (> 0)")
    return Callbacks(host, port, public_url.rstrip("/") if public_url else None, wait_s)


def _load_expectations(r: _Reader, value: Any, source: str) -> tuple[Any, ...]:
    """The known deviations of `expectations:` (a path relative to the targets file)."""
    path = r.typed(value, "expectations", str)
    if not path:
        return ()
    try:
        return load(Path(source).parent / path)
    except ExpectationsError as exc:
        raise r.fail("expectations", str(exc)) from None


def _parse_rate_limit(r: _Reader, value: Any) -> RateLimit:
    raw = r.mapping(value, "rate_limit", {"rps", "concurrent"})
    rps = r.typed(raw.get("rps"), "rate_limit.rps", (int, float))
    if rps is not None and rps <= 0:
        raise r.fail("rate_limit.rps", f"{rps} is not a positive number of requests per second (omit it: unlimited)")
    concurrent = r.typed(raw.get("concurrent"), "rate_limit.concurrent", int)
    if concurrent is not None and concurrent < 1:
        raise r.fail("rate_limit.concurrent", f"{concurrent}: give at least 1 request in flight (omit it: unlimited)")
    return RateLimit(float(rps) if rps is not None else None, concurrent)


def default_targets_path() -> Path:
    return Path(os.environ.get("PNCONFORM_TARGETS", "targets.yaml"))


def load_target(path: str | os.PathLike[str] | None = None, name: str | None = None) -> Target:
    """Read the targets file and return the selected target (argument, PNCONFORM_TARGET, file default)."""
    path = Path(path) if path else default_targets_path()
    source = str(path)
    doc = _read_targets_file(path)
    unknown = sorted(set(doc) - {"default", "targets"})
    if unknown:
        raise TargetError(f"{source}: unknown top-level key '{unknown[0]}' (allowed: default, targets)")
    chosen = name or os.environ.get("PNCONFORM_TARGET") or doc.get("default")
    if not chosen:
        raise TargetError(f"{source}: no target selected; pass --target NAME or set 'default:'")
    if chosen not in doc["targets"]:
        known = ", ".join(sorted(map(str, doc["targets"])))
        raise TargetError(f"{source}: no target named '{chosen}' (known: {known})")
    return _parse_target(str(chosen), doc["targets"][chosen], source)


def _read_targets_file(path: Path) -> dict[str, Any]:
    """The targets file as a mapping with at least one target; TargetError in one line otherwise."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TargetError(f"{source}: file not found; pass --targets FILE or run from the project folder") from None
    except OSError as exc:
        raise TargetError(f"{source}: cannot read: {exc.strerror}") from None
    try:
        doc = _parsed(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise TargetError(f"{source}:{where}: not valid YAML: {problem}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("targets"), dict) or not doc["targets"]:
        raise TargetError(f"{source}: expected a mapping with 'targets:' holding at least one named target")
    return doc


def _parsed(text: str) -> Any:
    """The YAML document of ``text``: a copy of a cached parse (the self-test loads the same file for
    each of its hundreds of runs in one process, 30 ms a parse)."""
    return copy.deepcopy(_parse_yaml(text))


@functools.lru_cache(maxsize=8)
def _parse_yaml(text: str) -> Any:
    return yaml.safe_load(text)


def target_names(path: str | os.PathLike[str] | None = None) -> list[str]:
    """The names of the file's targets; TargetError in one line when the file is unusable."""
    doc = _read_targets_file(Path(path) if path else default_targets_path())
    return sorted(map(str, doc["targets"]))


def trust_ca_file(target: Target) -> Callable[[], None]:
    """Trust a remote target's ``ca_file`` (the CA of `pnconform emulator --tls`, say) for this run
    (GEN-001); the function returned withdraws it."""
    if not target.ca_file:
        return lambda: None
    try:
        return tls.trust(Path(target.ca_file).read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise TargetError(f"target '{target.name}': ca_file {target.ca_file}: {exc}; check {target.source}") from None


def check_reachable(target: Target) -> None:
    """TargetError in one line when nothing answers at the target's base_url."""
    assert target.base_url
    try:
        httpx.get(target.base_url + "/", timeout=target.timeout_s, verify=tls.context(target.verify_tls))
    except httpx.TransportError as exc:
        hint = " (start it with `pnconform emulator`)" if "127.0.0.1" in target.base_url else ""
        raise TargetError(
            f"target '{target.name}': cannot reach {target.base_url}: {exc.__class__.__name__}{hint}; "
            f"check base_url in {target.source}"
        ) from None
