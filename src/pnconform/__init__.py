"""pnconform: conformance kit and reference emulator for the Huawei Cloud Privacy Number API.

PYTEST_DONT_REWRITE: the package carries a pytest11 entry point (`pnconform.testing`), so pytest
marks it for assertion rewriting in every session; `pnconform run` imports it before pytest starts,
which would warn. Its modules assert nothing a test reads.
"""

__version__ = "0.1.0"
