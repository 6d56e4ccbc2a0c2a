"""Root conftest: the pnconform plugin and the step definitions of the conformance suite."""

pytest_plugins = [
    "pnconform.pytest_plugin",
    "steps.attribution",
    "steps.common_steps",
    "steps.axb_steps",
    "steps.ax_steps",
    "steps.axe_steps",
    "steps.axyb_steps",
    "steps.axyb_invariant_steps",
    "steps.invariant_steps",
    "steps.ax_invariant_steps",
    "steps.axe_invariant_steps",
    "steps.call_steps",
    "steps.call_invariant_steps",
    "steps.mode_steps",
]
