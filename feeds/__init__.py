"""Placeholder until the owner fills it in."""
