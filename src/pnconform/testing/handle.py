"""A handle on a running reference emulator, for an integrator's own tests (docs/stand-in.md).

It wraps `EmbeddedEmulator` and the test-hooks client behind plain methods, so that a test reads
as what happens on the platform (where callbacks go, a call is made, the pushes are delivered)
rather than as HTTP calls to ``/_emulator/...``. Imported only when a fixture or a test needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pnconform.emulator import EmbeddedEmulator, EmulatorConfig, builtin_config, load_config
from pnconform.hooks import HooksClient

# set_callbacks' short names -> the test-hooks contract's fields.
CALLBACK_FIELDS: Final = {
    "event": "call_event_url",
    "fee": "fee_url",
    "sms": "sms_url",
    "sms_control": "sms_control_url",
    "x_status": "x_status_url",
}


class _Keep:
    """The default of `set_callbacks`' URLs: leave that URL as it is (None clears it)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()


@dataclass(frozen=True)
class EmulatorApp:
    """One app of the emulator: what an integrator's service is configured with."""

    mode: str
    app_key: str
    app_secret: str = field(repr=False)  # never printed in a failure report by accident
    x_numbers: tuple[str, ...]


def emulator_config(
    config: str | Path | None = None,
    *,
    settings: Mapping[str, Any] | None = None,
    accept_wsse: bool | None = None,
    faults: Iterable[str] | None = None,
) -> EmulatorConfig:
    """The built-in apps with fresh random secrets, or the YAML file ``config`` as written (its
    secrets are the integrator's choice); then ``faults``, ``settings`` and ``accept_wsse``.
    ConfigError (one line) on a bad value."""
    cfg = load_config(config) if config is not None else builtin_config().with_random_secrets()
    if faults is not None:
        cfg = cfg.with_faults(faults)
    values = dict(settings or {})
    if accept_wsse is not None:
        values["accept_wsse"] = accept_wsse
    return cfg.with_settings(values) if values else cfg


class PrivateNumberEmulator:
    """A reference emulator serving plain HTTP on 127.0.0.1 (a free port) while started.

    ``hooks`` is the full test-hooks client for what this handle does not wrap (number and app
    states, the calls list)."""

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config if config is not None else emulator_config()
        self._server = EmbeddedEmulator(self.config, host="127.0.0.1")
        self._hooks: HooksClient | None = None
        self.apps: dict[str, EmulatorApp] = {}  # mode -> its first app
        self._by_key: dict[str, EmulatorApp] = {}
        for app in self.config.apps:
            entry = EmulatorApp(app.mode, app.app_key, app.app_secret, tuple(x.number for x in app.x_numbers))
            self.apps.setdefault(app.mode, entry)
            self._by_key[app.app_key] = entry
        # What reset() goes back to: the hooks' reset keeps settings and faults as they are.
        self._start_settings = dict(self.config.settings)
        self._start_faults = list(self.config.faults)

    # -- life cycle ------------------------------------------------------------------------------

    def start(self) -> PrivateNumberEmulator:
        self._server.start()
        self._hooks = HooksClient(self._server.base_url)
        return self

    def stop(self) -> None:
        self._server.stop()
        self._hooks = None

    def __enter__(self) -> PrivateNumberEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """Where the service under test sends its API requests, e.g. ``http://127.0.0.1:41234``."""
        return self._server.base_url

    @property
    def hooks(self) -> HooksClient:
        if self._hooks is None:
            raise RuntimeError("the emulator is not running (start() it, or use the privatenumber_emulator fixture)")
        return self._hooks

    # -- apps and callbacks ------------------------------------------------------------------------

    def app(self, mode_or_app_key: str) -> EmulatorApp:
        """The first app of a mode (``"axb"``, ``"ax"``, ``"axe"``, ``"axyb"``, ``"x"``), or the app of
        that key."""
        found = self.apps.get(mode_or_app_key) or self._by_key.get(mode_or_app_key)
        if found is None:
            raise KeyError(
                f"no app for {mode_or_app_key!r}: modes {', '.join(self.apps)}; app keys {', '.join(self._by_key)}"
            )
        return found

    def set_callbacks(
        self,
        mode_or_app_key: str,
        *,
        event: str | _Keep | None = KEEP,
        fee: str | _Keep | None = KEEP,
        sms: str | _Keep | None = KEEP,
        sms_control: str | _Keep | None = KEEP,
        x_status: str | _Keep | None = KEEP,
    ) -> dict[str, Any]:
        """Where the app's pushes go: call events, CDRs, SMS notifications, the SMS-control
        (Block) question, X-status changes. A URL not given stays; None clears it. Returns the
        app's five URLs. reset() brings back the config's URLs (none for the built-in apps)."""
        given = {"event": event, "fee": fee, "sms": sms, "sms_control": sms_control, "x_status": x_status}
        urls = {CALLBACK_FIELDS[name]: url for name, url in given.items() if not isinstance(url, _Keep)}
        return self.hooks.set_callbacks(self.app(mode_or_app_key).app_key, **urls)

    # -- what happens on the network ---------------------------------------------------------------

    def place_call(self, caller: str, called: str, **options: Any) -> dict[str, Any]:
        """Simulate a call from ``caller`` to the privacy number ``called`` (options: ``digits``,
        ``condition``, ``q850``, ``talk_s``, ``hangup_by``: `HooksClient.place_call`). Returns the
        ``sessionId`` and how the platform routed it; events and the CDR are queued for pushing."""
        return self.hooks.place_call(caller, called, **options)

    def hang_up(self, session_id: str, by: str = "caller") -> dict[str, Any]:
        """End a call placed with ``talk_s=None`` (disconnect event and CDR)."""
        return self.hooks.hang_up(session_id, by)

    def send_sms(self, sender: str, to: str, text: str) -> dict[str, Any]:
        """Send an SMS from a user to a privacy number: what was forwarded, and the push queued."""
        return self.hooks.send_sms(sender, to, text)

    def flush(self) -> dict[str, Any]:
        """Deliver every push that is due (CDRs merged into ``feeLst`` pushes) and return once each
        has been attempted: ``{"attempted": N, "pending": M}`` (pending = failed, re-push later)."""
        return self.hooks.flush_pushes()

    def pushes(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every push so far (``kind``: event, fee, sms, x_status) with its body, URL, state and
        attempts."""
        return self.hooks.pushes(kind)

    # -- platform state ----------------------------------------------------------------------------

    def bindings(self, mode: str | None = None) -> list[dict[str, Any]]:
        """The live bindings (all modes, or one), as the platform stores them."""
        return self.hooks.bindings(mode)

    def advance_clock(self, seconds: float) -> str:
        """Move the platform clock forward (expiry, re-push schedule); returns the new UTC time.
        Signatures are still checked against the wall clock."""
        return self.hooks.advance(seconds)

    def reset(self) -> None:
        """Back to the state at start: no bindings, calls or pushes, clock offset 0, apps, numbers
        and callback URLs as configured, and the settings and faults it started with."""
        self.hooks.reset()
        self.hooks.set_faults(self._start_faults)
        self.hooks.patch_settings(**self._start_settings)

    def set_faults(self, names: Iterable[str]) -> None:
        """Replace the enabled fault switches (``pnconform faults`` lists them)."""
        self.hooks.set_faults(list(names))

    @property
    def settings(self) -> dict[str, Any]:
        return self.hooks.settings()

    def patch_settings(self, **values: Any) -> dict[str, Any]:
        """Change some settings (e.g. ``axb_max_pairs_per_x=1``); returns all of them."""
        return self.hooks.patch_settings(**values)
