"""The live stage: requests, the engine, the fragment store, OSC delivery and listener, riffs."""
