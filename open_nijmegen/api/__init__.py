"""Open data: the read-only JSON API under /api/v1, CSV downloads, Atom feeds and the
/open-data page. Every reader starts from the modules' own "what is public" queries."""
