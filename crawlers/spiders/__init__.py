"""The exodus spiders, one per module."""
