"""Audio processing that needs no model: post-processing, tempo maths, time-stretching."""
