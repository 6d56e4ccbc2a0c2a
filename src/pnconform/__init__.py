"""pnconform: conformance kit and reference emulator for the Huawei Cloud Privacy Number API."""

__version__ = "0.1.0"
