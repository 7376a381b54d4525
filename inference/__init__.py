"""The stage side: model and generation, audio processing, the live stage, remote delivery.

Sub-packages point one way: `model` and `audio` know nothing of the stage; `live` (engine, store,
OSC delivery and listener, riffs) uses both; `remote` (feed, bridge) uses `live`. The modules at
this level are the command-line entry points.
"""
