"""Which fields refs.bib may hold, as data: BibTeX's and biblatex's, bibfolio's own, al-folio's,
those reference managers write; and the known field an unknown one probably means.

Only the standard fields go into the BibTeX a paper page shows its readers
(``PUBLIC_FIELDS``); bibfolio's, al-folio's and the managers' fields stay out.
"""

from __future__ import annotations

import difflib


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# BibTeX's own fields, those its common styles (plainnat, IEEEtran, ACM) read, and
# biblatex's data model (entry fields, special fields and the BibTeX aliases it accepts).
STANDARD_FIELDS = _words(
    """
    address annote author booktitle chapter crossref edition editor howpublished institution
    journal key month note number organization pages publisher school series title type volume
    year
    doi url eprint archiveprefix primaryclass isbn issn
    abstract addendum afterword annotation annotator authortype bookauthor bookpagination
    booksubtitle booktitleaddon commentator date editora editorb editorc editortype editoratype
    editorbtype editorctype eid entrysubtype eprintclass eprinttype eventdate eventtitle
    eventtitleaddon file foreword holder indextitle introduction isan ismn isrc issue
    issuesubtitle issuetitle issuetitleaddon iswc journalsubtitle journaltitle
    journaltitleaddon label language library location mainsubtitle maintitle maintitleaddon
    nameaddon origdate origlanguage origlocation origpublisher origtitle pagetotal pagination
    part pubstate reprinttitle shortauthor shorteditor shorthand shorthandintro shortjournal
    shortseries shorttitle subtitle titleaddon translator urldate venue version volumes
    entryset execute gender langid langidopts ids indexsorttitle keywords options presort
    related relatedoptions relatedtype relatedstring sortkey sortname sortshorthand sorttitle
    sortyear xdata xref
    """
)
# What reference managers and databases add (DBLP, Zotero, JabRef, BibDesk, Mendeley, ACM,
# ADS, PubMed, MathSciNet, HAL): read by nobody, harmless, never shown.
TOOL_FIELDS = _words(
    """
    timestamp biburl bibsource owner groups ranking readstatus priority qualityassured printed
    relevance comment comments mendeley-groups mendeley-tags date-added date-modified
    numpages articleno acmid issue_date adsurl adsnote pmid pmcid mrclass mrnumber mrreviewer
    fjournal zbl copyright affiliation researcherid unique-id orcid-numbers eissn da hal hal_id
    hal_version
    """
)
TOOL_PREFIXES = ("bdsk-", "mendeley-", "web-of-science-")
# bibfolio's links: the field, and the link it makes (its label in view.wording.LINK_LABELS).
# al-folio's link fields are read as al-folio reads them: website is the project page.
LINK_KINDS = {
    "pdf": "pdf",
    "code": "code",
    "slides": "slides",
    "video": "video",
    "poster": "poster",
    "project": "project",
    "website": "project",
    "html": "html",
    "supp": "supp",
    "blog": "blog",
}
LINK_FIELDS = tuple(LINK_KINDS)
# bibfolio's own fields: documented in the guide, left out of the BibTeX shown to readers.
# ``arxiv`` (al-folio's) is read as the arXiv identifier when there is no eprint.
PORTFOLIO_FIELDS = frozenset(
    {
        "themes",
        "equalcontrib",
        "alphabetical",
        "award",
        "presented",
        "extended",
        "pubstate",
        "abstract",
        "selected",
        "arxiv",
        *LINK_FIELDS,
    }
)
# al-folio's fields that only change how its page looks: bibfolio decides that itself, so
# they are ignored, with what takes their place.
DISPLAY_FIELDS = {
    "abbr": "the label ([C1], [J2]) and the venue line say where a paper appeared",
    "bibtex_show": "every paper page shows the entry's BibTeX",
    "preview": "bibfolio shows no preview image",
    "annotation": "bibfolio shows no annotation beside the authors",
    "additional_info": "bibfolio shows no text after the venue (presented and extended say "
    "where else the work appeared)",
    "google_scholar_id": "bibfolio shows no citation badge",
    "altmetric": "bibfolio shows no Altmetric badge",
    "dimensions": "bibfolio shows no Dimensions badge",
    "inspirehep_id": "bibfolio shows no citation badge",
    "award_name": "the award field names the distinction: award = {Best Paper}",
}
PUBLIC_FIELDS = STANDARD_FIELDS - PORTFOLIO_FIELDS - DISPLAY_FIELDS.keys()
KNOWN_FIELDS = STANDARD_FIELDS | TOOL_FIELDS | PORTFOLIO_FIELDS
# Names people write for a field bibfolio knows by another name.
ALIASES = {
    "homepage": "website",
    "project_page": "website",
    "projectpage": "website",
    "page": "website",
    "web": "url",
    "link": "url",
    "github": "code",
    "repo": "code",
    "repository": "code",
    "software": "code",
    "supplement": "supp",
    "supplementary": "supp",
    "appendix": "supp",
    "arxivid": "eprint",
    "arxiv_id": "eprint",
    "paper": "pdf",
    "prize": "award",
    "talk": "video",
    "youtube": "video",
    "presentation": "slides",
    "post": "blog",
    "notes": "note",
    "keyword": "keywords",
    "equal": "equalcontrib",
    "theme": "themes",
    "topics": "themes",
}


# The fields an unknown name is compared with: those people write, not biblatex's rarer ones.
_SUGGESTED = sorted(
    {
        *_words(
            """address author booktitle chapter crossref edition editor howpublished institution
        journal month note number organization pages publisher school series title type volume
        year doi url eprint archiveprefix primaryclass isbn issn keywords language date
        urldate subtitle location issue abstract"""
        ),
        *PORTFOLIO_FIELDS,
    }
)


def is_known(name: str) -> bool:
    """Whether bibfolio reads the field, or knows it as harmless (``name`` in lower case)."""
    return name in KNOWN_FIELDS or name.startswith(TOOL_PREFIXES)


def meant(name: str) -> str | None:
    """The known field an unknown one probably means: ``websit`` -> ``website``."""
    if name in ALIASES:
        return ALIASES[name]
    close = difflib.get_close_matches(name, _SUGGESTED, n=1, cutoff=0.8)
    return close[0] if close else None
