"""The pytest side of pnconform, loaded by the project's root `conftest.py`: small plugins, one
concern each (the shared names live in `pnconform.session`).

- `plugin.options`: command-line options and the run's state;
- `plugin.rule_selection`: `--rule ID`, only the scenarios checking those rules;
- `plugin.collection`: the selected scenarios, the target (started here), capability skips;
- `plugin.fixtures`: target, numbers, clients, hooks, the callback receiver, Allure labels;
- `plugin.outcomes`: each scenario's outcome, compact failures, conformance.json and the verdict;
- `plugin.report_bundle`: the verdict in the terminal, the Allure environment;
- `plugin.step_lookup`: pytest-bdd's step lookup, memoised;
- `parallel`: `-n N` (pytest-xdist) worker grouping, run lock, controller reports;
- `recording.plugin`: `pnconform run --record DIR`.
"""

pytest_plugins = [  # parallel first: the others import it (an imported plugin cannot be assert-rewritten)
    "pnconform.parallel",
    "pnconform.plugin.options",
    "pnconform.plugin.rule_selection",
    "pnconform.plugin.collection",
    "pnconform.plugin.fixtures",
    "pnconform.plugin.outcomes",
    "pnconform.plugin.report_bundle",
    "pnconform.plugin.step_lookup",
    "pnconform.recording.plugin",
]
