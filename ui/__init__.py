"""The imperative shell shared by the pages: session and URL state, cached data access."""
