"""The worker's stages: one agent each, thin wrappers around the functional core."""
