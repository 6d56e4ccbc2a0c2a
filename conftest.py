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
    "steps.axb.bindings",
    "steps.axb.invariants",
    "steps.ax.bindings",
    "steps.ax.invariants",
    "steps.axe.bindings",
    "steps.axe.invariants",
    "steps.axyb.bindings",
    "steps.axyb.invariants",
    "steps.calls.calls",
    "steps.calls.invariants",
]
