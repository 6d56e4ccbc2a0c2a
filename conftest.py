"""Root conftest: the pnconform plugin and the step definitions of the conformance suite.

The steps are split like the emulator and the oracle: one package per mode (`steps/axb/` ...,
`steps/calls/`) and `steps/common/` for the mode-neutral context, the mode spec objects, the
steps worded alike for several modes, auth/envelope/numbers and the invariants' shared steps.
"""

pytest_plugins = [
    "pnconform.pytest_plugin",
    "steps.attribution",
    "steps.common.context",
    "steps.common.api_steps",
    "steps.common.invariants",
    "steps.common.mode_steps",
    "steps.common.transport",
    "steps.common.robustness",
    # The shared call steps before the modes' call steps, which import them (assert rewriting
    # needs a module registered as a plugin before anything imports it).
    "steps.calls.calls",
    "steps.axb.bindings",
    "steps.axb.invariants",
    "steps.axb.calls",
    "steps.ax.bindings",
    "steps.ax.invariants",
    "steps.ax.calls",
    "steps.axe.bindings",
    "steps.axe.invariants",
    "steps.axe.calls",
    "steps.axyb.bindings",
    "steps.axyb.invariants",
    "steps.axyb.calls",
    "steps.calls.invariants",
    "steps.calls.services",
    "steps.calls.codes",
    "steps.calls.events",
]
