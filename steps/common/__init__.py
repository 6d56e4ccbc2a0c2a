"""Steps of the common features."""
