"""Conformance reporting: rule id → status, from the scenarios that ran."""
