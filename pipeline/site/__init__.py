"""The site: the text build that writes build/, audio linked into it, status, feeds, preview."""
