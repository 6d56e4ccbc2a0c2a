"""Steps of the ax features."""
