"""Helpers the tests share: builders, parsers and runners (never imported from a test file)."""
