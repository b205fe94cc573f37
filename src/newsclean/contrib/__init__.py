"""Integrations with other tools, each behind an optional extra (``newsclean.contrib.scrapy``: ``newsclean[scrapy]``)."""
