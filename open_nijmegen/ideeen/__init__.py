"""Ideeën: residents post, support, discuss and follow ideas; officers moderate and answer."""
