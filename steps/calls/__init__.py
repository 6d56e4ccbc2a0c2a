"""Steps of the calls features."""
