"""The reader site: public pages, their metadata, feeds, sitemaps, search,
the page cache and preview links."""
