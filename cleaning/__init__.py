"""Cleaning: a fetched page becomes article text and metadata, or a recorded rejection."""

from cleaning.clean import MIN_TEXT_CHARS, Rejection, clean_page, clean_pages

__all__ = ["MIN_TEXT_CHARS", "Rejection", "clean_page", "clean_pages"]
