"""The Max for Live device: its patcher and JavaScript sources (device/) and the .amxd build."""
