"""Reactions, follows and reports on any object: built once, reused by every module."""

from open_nijmegen.core.interactions.blueprint import bp

__all__ = ["bp"]
