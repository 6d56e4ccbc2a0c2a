"""Steps of the axyb features."""
