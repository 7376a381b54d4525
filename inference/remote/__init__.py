"""Generation on one machine, Live on another: the fragment feed (host) and the bridge (laptop)."""
