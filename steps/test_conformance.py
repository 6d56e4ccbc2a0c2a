"""The conformance suite: every scenario of features/ (steps live in the other modules here)."""

from pytest_bdd import scenarios

scenarios(".")
