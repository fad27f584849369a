"""Renderers: web pages (docutils nodes), pybtex rich text, MyST and Typst source."""
