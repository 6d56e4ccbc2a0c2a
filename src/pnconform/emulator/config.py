"""Emulator configuration: dataclasses, the built-in config, YAML loading and validation.

Every validation failure is a ``ConfigError`` with one line naming the place (``file:
apps[0].x_numbers[1].area_code: ...``), so a user can fix a config without reading code.
"""

from __future__ import annotations

import copy
import ipaddress
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .faults import FAULTS
from .numbers import is_area_code, is_mobile

MODES = ("axb", "ax", "axe", "axyb", "x")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_whitelist(entries: Iterable[str]) -> tuple[Network, ...]:
    """IP addresses or networks (``192.0.2.10``, ``10.1.0.0/16``); ValueError on a bad one."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


APP_STATES = ("normal", "unavailable", "frozen")
# "suspended", "unavailable", "frozen": the X-status values 9, 10, 11 of XSTAT-004 (calls package).
NUMBER_STATES = ("normal", "blacklisted", "suspended", "unavailable", "frozen")

# City code -> province for the common cities (design.md "Built-in config").
AREA_PROVINCES: Mapping[str, str] = {
    "010": "beijing",
    "020": "guangdong",
    "0755": "guangdong",
    "0756": "guangdong",
    "0757": "guangdong",
    "0769": "guangdong",
    "021": "shanghai",
    "022": "tianjin",
    "023": "chongqing",
    "025": "jiangsu",
    "0512": "jiangsu",
    "0571": "zhejiang",
    "028": "sichuan",
    "027": "hubei",
    "029": "shaanxi",
}
BUILTIN_MOBILE_PREFIX_AREAS: Mapping[str, str] = {"+86138": "0755"}
BUILTIN_VOICE_FILES = ("pnconform-tone.wav",)


# Calls: the callback addresses of an app (config keys, AppConfig fields, hook fields).
CALLBACK_URL_KEYS = ("call_event_url", "fee_url", "sms_url", "sms_control_url", "x_status_url")


def check_callback_url(value: object) -> str | None:
    """None, or an absolute http(s) URL (ConfigError otherwise)."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.startswith(("http://", "https://")) or len(value) > 2048:
        raise ConfigError(f"expected an http:// or https:// URL, got {value!r}")
    return value


class ConfigError(ValueError):
    """An invalid emulator configuration; the message is one line."""


@dataclass(frozen=True)
class _Setting:
    default: Any
    check: Callable[[Any], bool]
    hint: str


def _int_at_least(low: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= low


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


SETTINGS: Mapping[str, _Setting] = {
    "created_skew_s": _Setting(300, _int_at_least(0), "an integer >= 0 (seconds)"),
    "accept_wsse": _Setting(False, _is_bool, "true or false"),
    "axb_max_pairs_per_x": _Setting(5000, _int_at_least(1), "an integer >= 1"),
    "axb_full_x_code": _Setting("1012008", lambda v: v in ("1012008", "1012009"), '"1012008" or "1012009"'),
    # D-6: the code of an identical AX re-bind (same A on the same X).
    "ax_duplicate_bind_code": _Setting(
        "1016002", lambda v: v in ("1016002", "1011002", "1011005"), '"1016002", "1011002" or "1011005"'
    ),
    # D-8: AX modify also applies turnFlag, lastMinVoice and userData.
    "ax_modify_extended_fields": _Setting(True, _is_bool, "true or false"),
    "flow_control_per_min": _Setting(0, _int_at_least(0), "an integer >= 0 (0 = off)"),
    # D-2: per-requester (client IP) limit answered with 1011006.
    "requester_limit_per_min": _Setting(0, _int_at_least(0), "an integer >= 0 (0 = off)"),
    "auth_block_after_failures": _Setting(0, _int_at_least(0), "an integer >= 0 (0 = off)"),
    # AUTH-010: a blocked client may retry after 30 minutes (emulator clock).
    "auth_block_s": _Setting(1800, _int_at_least(1), "an integer >= 1 (seconds)"),
    # Hooks have no auth: by default only loopback clients may use them.
    "hooks_loopback_only": _Setting(True, _is_bool, "true or false"),
    # AXE (design.md "AXE behaviour"). D-12: the same A bound again on the same X.
    "axe_duplicate_bind_code": _Setting(
        "1013102", lambda v: v in ("1013102", "1012010"), '"1013102" or "1012010" (quoted)'
    ),
    # D-19: no X of the requested city can take the binding (a guess; the suite accepts either).
    "axe_alloc_fail_code": _Setting(
        "1012008", lambda v: v in ("1012008", "1011002"), '"1012008" or "1011002" (quoted)'
    ),
    # D-23: bindExpiredTime/callbackExpiredTime at most this many hours (x 60 in minutes).
    "axe_max_bind_hours": _Setting(720, _int_at_least(1), "an integer >= 1 (hours)"),
    # D-9: whether a modified bindExpiredTime moves the expiry (the query keeps the bind-time value).
    "axe_modify_changes_expiry": _Setting(False, _is_bool, "true or false"),
    # AXYB (design.md "AXYB behaviour"). D-10: limits and the code for exceeding X per A.
    "axyb_max_x_per_a": _Setting(5, _int_at_least(1), "an integer >= 1"),
    "axyb_max_relations_per_y": _Setting(1000, _int_at_least(1), "an integer >= 1"),
    "axyb_limit_code": _Setting("1011003", lambda v: v in ("1011003", "1012009"), '"1011003" or "1012009" (quoted)'),
    # D-19: no allocatable X or Y (a guess; the suite accepts 1011002 or 1012008).
    "axyb_alloc_fail_code": _Setting(
        "1011002", lambda v: v in ("1011002", "1012008"), '"1011002" or "1012008" (quoted)'
    ),
    # D-24 (unconfirmed): duration default and the cap of ybDuration at duration.
    "axyb_default_duration_s": _Setting(7200, _int_at_least(0), "an integer >= 0 (seconds, 0 = never)"),
    "axyb_cap_yb_duration": _Setting(True, _is_bool, "true or false"),
    # Inferred from the query list (1-5 entries per X): YB parts one AX binding may carry.
    "axyb_max_yb_per_ax": _Setting(5, _int_at_least(1), "an integer >= 1"),
    # Unconfirmed (PHP sample): query relationNum may be "X+Y", two global numbers concatenated.
    "axyb_query_x_plus_y": _Setting(True, _is_bool, "true or false"),
    # Calls (design.md "Call simulator"). D-28: re-push offsets are multiplied by this factor.
    "retry_time_scale": _Setting(
        1.0, lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0, "a number > 0"
    ),
    # Pushes are delivered as soon as they are queued; false = only on POST /_emulator/pushes/flush.
    "push_auto": _Setting(True, _is_bool, "true or false"),
    "push_timeout_s": _Setting(
        5, lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v > 0, "a number > 0 (seconds)"
    ),
    # D-22: CDR serviceType per mode (modes absent from the map get no serviceType).
    "cdr_service_type_map": _Setting(
        {"ax": "003"},
        lambda v: isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, str) for k, x in v.items()),
        'a mapping of mode to a string, e.g. {"ax": "003"}',
    ),
    # D-29: a temporary callee serves one call only.
    "ax_temp_callee_single_use": _Setting(False, _is_bool, "true or false"),
    # REC-004 / CDR-009: recordings are kept this long after the CDR (7 days).
    "record_retention_s": _Setting(604800, _int_at_least(1), "an integer >= 1 (seconds)"),
}


def default_settings() -> dict[str, Any]:
    return {name: spec.default for name, spec in SETTINGS.items()}


def check_setting(name: object, value: Any) -> Any:
    """The normalised value of one setting, or ConfigError."""
    if not isinstance(name, str) or name not in SETTINGS:
        raise ConfigError(f"unknown setting {name!r} (known: {', '.join(SETTINGS)})")
    if name in ("axb_full_x_code", "ax_duplicate_bind_code") and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    spec = SETTINGS[name]
    if not spec.check(value):
        raise ConfigError(f"setting {name}: expected {spec.hint}, got {value!r}")
    return value


def check_settings(values: object) -> dict[str, Any]:
    if not isinstance(values, Mapping):
        raise ConfigError(f"settings: expected a mapping, got {type(values).__name__}")
    return {name: check_setting(name, value) for name, value in values.items()}


def check_faults(names: object) -> list[str]:
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise ConfigError(f"faults: expected a list of fault names, got {names!r}")
    out: list[str] = []
    for name in names:
        if not isinstance(name, str) or name not in FAULTS:
            raise ConfigError(f"unknown fault {name!r} (see `pnconform faults` for the list)")
        if name not in out:
            out.append(name)
    return out


@dataclass
class XNumberConfig:
    number: str
    area_code: str
    province: str = ""


@dataclass
class AppConfig:
    mode: str
    app_key: str
    app_secret: str = field(repr=False)  # never printed by accident
    x_numbers: list[XNumberConfig] = field(default_factory=list)
    voice_files: list[str] = field(default_factory=lambda: list(BUILTIN_VOICE_FILES))
    recording: bool = True
    ip_whitelist: list[str] = field(default_factory=list)
    state: str = "normal"
    transparent_mode_allowed: bool = False  # D-13
    extension_length: int = 4  # AXE: digits of an extension (1-4), fixed when the app is created
    # Calls: the customer's callback addresses (None = not configured, nothing is pushed there).
    call_event_url: str | None = None  # 呼叫状态接收地址: call events (and X-status without x_status_url)
    fee_url: str | None = None  # 呼叫话单接收地址: CDRs
    sms_url: str | None = None  # 短信通知地址: SMS Notify
    sms_control_url: str | None = None  # 短信控制地址: SMS Block
    x_status_url: str | None = None  # X号码状态接收地址


@dataclass
class EmulatorConfig:
    apps: list[AppConfig]
    settings: dict[str, Any] = field(default_factory=default_settings)
    faults: list[str] = field(default_factory=list)
    mobile_prefix_areas: dict[str, str] = field(default_factory=lambda: dict(BUILTIN_MOBILE_PREFIX_AREAS))
    area_provinces: dict[str, str] = field(default_factory=lambda: dict(AREA_PROVINCES))

    def with_settings(self, values: Mapping[str, Any]) -> EmulatorConfig:
        """A copy with ``values`` merged into the settings (validated)."""
        merged = {**self.settings, **check_settings(values)}
        return replace(copy.deepcopy(self), settings=merged)

    def with_faults(self, names: Iterable[str]) -> EmulatorConfig:
        """A copy whose enabled faults are exactly ``names`` (unknown name -> ConfigError)."""
        return replace(copy.deepcopy(self), faults=check_faults(names))

    def with_app_attributes(self, voice_files: Iterable[str] = (), recording: bool | None = None) -> EmulatorConfig:
        """A copy whose every app also approves ``voice_files`` and, unless None, records or not."""
        new = copy.deepcopy(self)
        for app in new.apps:
            app.voice_files += [name for name in voice_files if name not in app.voice_files]
            if recording is not None:
                app.recording = recording
        return new

    def with_random_secrets(self) -> EmulatorConfig:
        """A copy whose apps have fresh random secrets (for an embedded target)."""
        new = copy.deepcopy(self)
        for app in new.apps:
            app.app_secret = secrets.token_urlsafe(24)
        return new

    def app_for_mode(self, mode: str) -> AppConfig:
        """The first app of ``mode`` (KeyError when there is none)."""
        for app in self.apps:
            if app.mode == mode:
                return app
        raise KeyError(mode)

    def validate(self) -> EmulatorConfig:
        """Check everything; fill provinces from the area table. Returns self."""
        _validate(self)
        return self


# ---------------------------------------------------------------------------------------------
# Built-in config


def _x_range(prefix: str, first: int, last: int, area: str) -> list[XNumberConfig]:
    return [XNumberConfig(f"{prefix}{n:03d}", area, AREA_PROVINCES[area]) for n in range(first, last + 1)]


def builtin_config() -> EmulatorConfig:
    """The documented built-in config (design.md table); keys and secrets are public test values."""
    apps = [
        AppConfig(
            "axb",
            "emu-axb-app",
            "emu-axb-secret",
            _x_range("+8617010000", 1, 4, "0755")
            + _x_range("+8617010000", 5, 6, "020")
            + _x_range("+8617010000", 7, 8, "010"),
        ),
        AppConfig("ax", "emu-ax-app", "emu-ax-secret", _x_range("+8617020000", 1, 8, "0755")),
        # One-digit extensions: an X holds 9 AXE bindings, so filling one (AXE-006) is cheap.
        AppConfig("axe", "emu-axe-app", "emu-axe-secret", _x_range("+8617030000", 1, 4, "0755"), extension_length=1),
        # AXYB: 8 numbers in 0755 (an A holds up to 5 X, AXYB-003) and one in 020, a city with a
        # single number, so the Y-reuse rules (AXYB-006..008) can force the choice of Y.
        AppConfig(
            "axyb",
            "emu-axyb-app",
            "emu-axyb-secret",
            _x_range("+8617040000", 1, 8, "0755") + _x_range("+8617040000", 9, 9, "020"),
        ),
        AppConfig("x", "emu-x-app", "emu-x-secret", _x_range("+8617050000", 1, 2, "0755")),
    ]
    return EmulatorConfig(apps=apps).validate()


BUILTIN_SECRETS = frozenset(f"emu-{mode}-secret" for mode in MODES)

# ---------------------------------------------------------------------------------------------
# YAML


def load_config(path: str | Path) -> EmulatorConfig:
    """Read and validate a YAML config file; ConfigError (one line) on any problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}: {where}invalid YAML: {problem}") from None
    try:
        return config_from_dict({} if data is None else data)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


_TOP_KEYS = ("settings", "apps", "mobile_prefix_areas", "area_provinces", "faults")
_APP_KEYS = (
    "mode",
    "app_key",
    "app_secret",
    "x_numbers",
    "voice_files",
    "recording",
    "ip_whitelist",
    "state",
    "transparent_mode_allowed",
    "extension_length",
    *CALLBACK_URL_KEYS,
)
_X_KEYS = ("number", "area_code", "province")


def config_from_dict(data: object) -> EmulatorConfig:
    """Build a validated config from parsed YAML/JSON. Absent sections take the built-in values."""
    top = _mapping(data, "config", _TOP_KEYS)
    base = builtin_config()
    cfg = EmulatorConfig(
        apps=base.apps if "apps" not in top else _apps(top["apps"]),
        settings={**default_settings(), **check_settings(top.get("settings") or {})},
        faults=check_faults(top.get("faults") or []),
        mobile_prefix_areas=(
            base.mobile_prefix_areas
            if "mobile_prefix_areas" not in top
            else _str_map(top["mobile_prefix_areas"], "mobile_prefix_areas")
        ),
        area_provinces={**AREA_PROVINCES, **_str_map(top.get("area_provinces") or {}, "area_provinces")},
    )
    return cfg.validate()


def _mapping(value: object, where: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a mapping, got {_kind(value)}")
    for key in value:
        if key not in allowed:
            raise ConfigError(f"{where}: unknown key {key!r} (allowed: {', '.join(allowed)})")
    return dict(value)


def _kind(value: object) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"


def _str(value: object, where: str, hint: str = "a string") -> str:
    if isinstance(value, str):
        return value
    quote = " (quote it: YAML reads unquoted digits as a number)" if isinstance(value, int) else ""
    raise ConfigError(f"{where}: expected {hint}, got {_kind(value)}{quote}")


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected a list, got {_kind(value)}")
    return value


def _str_map(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a mapping, got {_kind(value)}")
    return {_str(k, f"{where} key"): _str(v, f"{where}[{k!r}]") for k, v in value.items()}


def _apps(value: object) -> list[AppConfig]:
    apps = []
    for i, raw in enumerate(_list(value, "apps")):
        where = f"apps[{i}]"
        item = _mapping(raw, where, _APP_KEYS)
        for required in ("mode", "app_key", "app_secret"):
            if required not in item:
                raise ConfigError(f"{where}: missing {required}")
        recording = item.get("recording", True)
        if not isinstance(recording, bool):
            raise ConfigError(f"{where}.recording: expected true or false, got {_kind(recording)}")
        transparent = item.get("transparent_mode_allowed", False)
        if not isinstance(transparent, bool):
            raise ConfigError(f"{where}.transparent_mode_allowed: expected true or false, got {_kind(transparent)}")
        apps.append(
            AppConfig(
                mode=_str(item["mode"], f"{where}.mode"),
                app_key=_str(item["app_key"], f"{where}.app_key"),
                app_secret=_str(item["app_secret"], f"{where}.app_secret"),
                x_numbers=[
                    _x_number(x, f"{where}.x_numbers[{j}]")
                    for j, x in enumerate(_list(item.get("x_numbers", []), f"{where}.x_numbers"))
                ],
                voice_files=[
                    _str(v, f"{where}.voice_files[{j}]")
                    for j, v in enumerate(
                        _list(item.get("voice_files", list(BUILTIN_VOICE_FILES)), f"{where}.voice_files")
                    )
                ],
                recording=recording,
                ip_whitelist=[
                    _str(v, f"{where}.ip_whitelist[{j}]")
                    for j, v in enumerate(_list(item.get("ip_whitelist", []), f"{where}.ip_whitelist"))
                ],
                state=_str(item.get("state", "normal"), f"{where}.state"),
                transparent_mode_allowed=transparent,
                extension_length=_extension_length(item.get("extension_length", 4), f"{where}.extension_length"),
                **_callback_urls(item, where),
            )
        )
    return apps


def _callback_urls(item: Mapping[str, Any], where: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for key in CALLBACK_URL_KEYS:
        try:
            out[key] = check_callback_url(item.get(key))
        except ConfigError as exc:
            raise ConfigError(f"{where}.{key}: {exc}") from None
    return out


def _extension_length(value: object, where: str) -> int:
    """AXE: 1-4 digits per extension (§A.1)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise ConfigError(f"{where}: expected an integer 1-4, got {_kind(value)}")
    return value


def _x_number(raw: object, where: str) -> XNumberConfig:
    item = _mapping(raw, where, _X_KEYS)
    for required in ("number", "area_code"):
        if required not in item:
            raise ConfigError(f"{where}: missing {required}")
    return XNumberConfig(
        number=_str(item["number"], f"{where}.number", 'a quoted number like "+8617010000001"'),
        area_code=_str(item["area_code"], f"{where}.area_code", 'a quoted city code like "0755"'),
        province=_str(item.get("province", ""), f"{where}.province"),
    )


def _validate(cfg: EmulatorConfig) -> None:
    cfg.settings = {**default_settings(), **check_settings(cfg.settings)}
    cfg.faults = check_faults(cfg.faults)
    for prefix, area in cfg.mobile_prefix_areas.items():
        if not (isinstance(prefix, str) and prefix.startswith("+86") and prefix[3:].isdigit()):
            raise ConfigError(f"mobile_prefix_areas: key {prefix!r} must look like '+86138'")
        if not (isinstance(area, str) and is_area_code(area)):
            raise ConfigError(f"mobile_prefix_areas[{prefix!r}]: {area!r} is not a city code like '0755'")
    for area in cfg.area_provinces:
        if not (isinstance(area, str) and is_area_code(area)):
            raise ConfigError(f"area_provinces: {area!r} is not a city code like '0755'")
    if not cfg.apps:
        raise ConfigError("apps: at least one app is needed")
    keys: set[str] = set()
    owners: dict[str, str] = {}
    for i, app in enumerate(cfg.apps):
        where = f"apps[{i}]"
        if app.mode not in MODES:
            raise ConfigError(f"{where}.mode: {app.mode!r} is not one of {', '.join(MODES)}")
        if not isinstance(app.app_key, str) or not 1 <= len(app.app_key) <= 128:
            raise ConfigError(f"{where}.app_key: expected 1-128 characters")
        if app.app_key in keys:
            raise ConfigError(f"{where}.app_key: {app.app_key!r} is used by two apps")
        keys.add(app.app_key)
        if not isinstance(app.app_secret, str) or not app.app_secret:
            raise ConfigError(f"{where}.app_secret: must be a non-empty string")
        _extension_length(app.extension_length, f"{where}.extension_length")
        if app.state not in APP_STATES:
            raise ConfigError(f"{where}.state: {app.state!r} is not one of {', '.join(APP_STATES)}")
        for j, net in enumerate(app.ip_whitelist):
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError:
                raise ConfigError(f"{where}.ip_whitelist[{j}]: {net!r} is not an IP address or network") from None
        for j, x in enumerate(app.x_numbers):
            xw = f"{where}.x_numbers[{j}]"
            if not is_mobile(x.number):
                raise ConfigError(
                    f"{xw}.number: {x.number!r} is not a mobile number in global format like '+8617010000001'"
                )
            if x.number in owners:
                raise ConfigError(f"{xw}.number: {x.number} already belongs to app {owners[x.number]!r}")
            owners[x.number] = app.app_key
            if not is_area_code(x.area_code):
                raise ConfigError(f"{xw}.area_code: {x.area_code!r} is not a city code like '0755'")
            if not x.province:
                if x.area_code not in cfg.area_provinces:
                    raise ConfigError(
                        f"{xw}.province: missing, and {x.area_code} is not in the "
                        "area table (add province or area_provinces)"
                    )
                x.province = cfg.area_provinces[x.area_code]
