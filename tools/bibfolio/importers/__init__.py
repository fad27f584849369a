"""``bibfolio import``: a portfolio's data from the sites and files researchers already have.

One module per source format reads it into an ``Imported`` (the CV data as
plain values, the bibliography as BibTeX text, news items, files to copy) and
reports, located, each thing it could not map; ``project`` writes the result
into a portfolio. Every source is untrusted: read within bounds, never outside
its folder, never raising for bad content.
"""
