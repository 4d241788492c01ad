"""Discovery and fetching: feeds, news sitemaps, listing pages and GDELT, through Scrapy.

The door is ``crawlers.run.crawl`` (runs Scrapy in a child process and returns a
``CrawlResult``) and ``crawlers.run.canonical_url``. Everything else is the Scrapy project
(``scrapy crawl news`` from the repository root).
"""
