"""Generation: a loaded bundle turned into audio (samplers, conditioning cache, noise levels)."""
