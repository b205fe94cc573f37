"""The cleaning side: from scraped text to the article's text, with every removal named.

normalize (:mod:`.normalize`, :mod:`.rejoin`) -> segment (:mod:`.segment`) -> rules
(:mod:`.rules`, one module per family) -> corpus pass (:mod:`.corpus`, lines repeated across a
site's pages) -> result (:mod:`.cleaner`, :mod:`.metadata`, :mod:`.offsets`). :mod:`.many` is the
engine behind ``Cleaner.clean_many``. Nothing here imports :mod:`newsclean.dedup`.
"""
