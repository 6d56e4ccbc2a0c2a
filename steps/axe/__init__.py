"""Steps of the axe features."""
