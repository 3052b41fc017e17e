"""Peilingen en enquêtes (issue 18). So far: the weighting of results (``weging``)."""
