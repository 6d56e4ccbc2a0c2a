"""The AXYB mode: its model, bindings state machine, call routing model and calls state machine."""
