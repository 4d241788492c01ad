"""Scrapy middlewares of the exodus crawlers, one per module."""
