"""The pytest plugins of the conformance suite (listed in `pnconform.pytest_plugin`)."""
