"""What training and inference share: checkpoints, atomic files, the prompt format, licences.

Nothing here imports `training`, `inference` or `ui`: both sides stand on this package.
"""
