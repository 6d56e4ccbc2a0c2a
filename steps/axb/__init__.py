"""Steps of the axb features."""
