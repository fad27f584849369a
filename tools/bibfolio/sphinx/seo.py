"""What search engines and link previews read: title, description, addresses, cards, sitemap.

Per page (``html-page-context``), as plain text the templates escape
(templates/layout.html):

* the title: the page's, then the site's ("Publications — Jane Doe"); the home
  page's alone, not "Jane Doe — Jane Doe";
* the description, from the data: the page's front-matter ``description`` (the
  theme pages), a paper's abstract, the owner's summary on the home page, else the
  page's title with the owner's name, position and affiliation;
* the canonical address: ``html_baseurl`` (default: READTHEDOCS_CANONICAL_URL)
  and the page; an earlier release's pages name the current release's
  (``bibfolio_canonical_url``, set by ``bibfolio versions``);
* OpenGraph and Twitter card tags, with a social image made from the data
  (``social.png``, drawn by Typst);
* JSON-LD: a Person on the home page (paper pages have their ScholarlyArticle,
  bibfolio.sphinx.meta).

For the site: robots.txt; with a base address, sitemap.xml (it needs absolute
addresses) listing every page; 404.html (sphinx-notfound-page, whose links are
absolute under the site's path).

sphinx-sitemap is not used: it lists the pages written by the current build,
so an incremental build that writes one page publishes a sitemap of one page.

sphinxext-opengraph is not used: it escapes only the double quote in the tags it
writes (not ``&`` or ``<``), describes a page by its first 200 characters rather
than by the data, and its og:url ignores the canonical address of an earlier
release; every value it would write would have to be overridden.
"""

from __future__ import annotations

import functools
import os
import re
import textwrap
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from bibfolio.diagnostics import problem
from bibfolio.load.settings import conf_place
from bibfolio.load.signature import digest
from bibfolio.model.urls import safe_base_url
from bibfolio.render.docutils import page_paper
from bibfolio.site.artifacts import Beside, write_if_changed
from bibfolio.sphinx.environment import memo, project_of, stop
from bibfolio.sphinx.scholar import script_json
from bibfolio.view.cv import profile_links
from bibfolio.view.document import prose_run
from bibfolio.view.home import roles
from bibfolio.view.wording import joined

logger = logging.getLogger(__name__)

SOCIAL_IMAGE = "social.png"
ROBOTS_MARK = "# written by bibfolio"
DESCRIPTION_LENGTH = 200
NOT_INDEXED = ("search", "genindex", "404")

# The social image, 1200 x 630 px: text comes in as data (sys.inputs), never as markup.
SOCIAL_CARD = """
#set page(width: 1200pt, height: 630pt, margin: (x: 90pt, y: 80pt), fill: rgb("#1f4e79"))
#set text(fill: white, font: "Libertinus Serif", size: 34pt)
#align(horizon)[
  #text(size: 76pt, weight: "bold", sys.inputs.name)
  #v(18pt)
  #text(sys.inputs.line)
]
"""


def configure(app: Sphinx, config: Config) -> None:
    base = config.html_baseurl
    ambient = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    if not base and ambient:
        if not safe_base_url(ambient):  # as bibfolio.sphinx.config checks html_baseurl
            path, line, col = conf_place(Path(app.confdir), "html_baseurl")
            stop(
                [
                    problem(
                        path,
                        line,
                        col,
                        "CONF102",
                        f"the environment's READTHEDOCS_CANONICAL_URL {ambient!r} (the site's "
                        "address when html_baseurl is not set) is not a site address",
                    )
                ]
            )
        base = ambient
    if base and not base.endswith("/"):
        base += "/"
    config.html_baseurl = base
    # The 404 page is served at any depth: its links are absolute, under the site's path.
    if config.notfound_urls_prefix == app.config.values["notfound_urls_prefix"].default:
        config.notfound_urls_prefix = urlsplit(base).path or "/"


def has_sitemap(base: str) -> bool:
    """A sitemap lists full addresses only: the site's must be http(s)."""
    return base.startswith(("http://", "https://"))


def shorten(text: str, width: int = DESCRIPTION_LENGTH) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def owner_line(app: Sphinx) -> str:
    """The owner's name, position and affiliation, as far as the data gives them."""
    cv = project_of(app.env).cv
    if cv is None:
        return str(app.config.project)
    return joined(cv.name, *next(iter(roles(cv)), ()))


def summary_text(app: Sphinx) -> str:
    project = project_of(app.env)
    if project.cv is None or project.portfolio is None or not project.cv.summary:
        return ""
    pieces = prose_run(project.cv.summary, project.portfolio)
    text = " ".join(" ".join(p.text for p in pieces if p.kind != "cite").split())
    return re.sub(r" ([.,;:])", r"\1", text)  # where a citation stood before punctuation


def page_title(app: Sphinx, pagename: str, context: dict[str, Any]) -> str:
    title = app.env.titles.get(pagename)
    text = title.astext() if title is not None else str(context.get("title") or "")
    return " ".join(text.split())


def description(app: Sphinx, pagename: str, title: str) -> str:
    metadata = app.env.metadata.get(pagename, {})
    if metadata.get("description"):
        return shorten(str(metadata["description"]))
    project = project_of(app.env)
    if project.portfolio is not None:
        paper = page_paper(project.portfolio, pagename)
        if paper is not None:
            if paper.pub.abstract:
                return shorten(paper.pub.abstract)
            authors = ", ".join(author.name for author in paper.authors)
            venue = next((line.text for line in paper.lines if line.text), "")
            return shorten(". ".join(part for part in (paper.pub.title, authors, venue) if part))
    if pagename == app.config.root_doc and summary_text(app):
        return shorten(summary_text(app))
    owner = owner_line(app)
    return shorten(f"{title} — {owner}" if title and title != owner else owner)


def site_url(app: Sphinx) -> str:
    """Where the current release lives; "" when the build was given no address."""
    return str(app.config.bibfolio_canonical_url or app.config.html_baseurl or "")


def canonical(app: Sphinx, pagename: str) -> str:
    base = site_url(app)
    if not base:
        return ""
    return base.rstrip("/") + "/" + app.builder.get_target_uri(pagename)


def social_tags(
    app: Sphinx, pagename: str, title: str, text: str, *, url: str, image: str
) -> list[tuple[str, str]]:
    site = str(app.config.html_title or app.config.project)
    kind = "article" if pagename.startswith("papers/") else "website"
    tags = [("og:title", title), ("og:type", kind), ("og:site_name", site)]
    if url:
        tags.append(("og:url", url))
    tags += [
        ("og:description", text),
        ("og:image", image),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
        ("og:image:alt", owner_line(app)),
        ("twitter:card", "summary_large_image"),
        ("twitter:title", title),
        ("twitter:description", text),
    ]
    return tags


def person(app: Sphinx) -> dict[str, Any] | None:
    """schema.org Person: the owner, as the data describes them (no e-mail or phone)."""
    cv = project_of(app.env).cv
    if cv is None:
        return None
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person", "name": cv.name}
    held = roles(cv)
    if held and held[0][0]:
        data["jobTitle"] = held[0][0]
    places = [{"@type": "Organization", "name": name} for _, name in held if name]
    if places:
        data["affiliation"] = places[0] if len(places) == 1 else places
    if summary_text(app):
        data["description"] = summary_text(app)
    home = site_url(app) or (str(cv.contact.homepage) if cv.contact.homepage else "")
    if home:
        data["url"] = home
    same = [str(cv.contact.homepage)] if cv.contact.homepage else []
    same += [link.url for link in profile_links(cv) if link.url]
    same = [address for address in same if address != home]
    if same:
        data["sameAs"] = same
    return data


def page_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html":
        return
    site = str(app.config.html_title or app.config.project)
    title = page_title(app, pagename, context)
    full = title if pagename == app.config.root_doc or title in ("", site) else f"{title} — {site}"
    context["bibfolio_title"] = full or site
    text = description(app, pagename, title)
    context["bibfolio_description"] = text
    url = canonical(app, pagename) if pagename not in NOT_INDEXED else ""
    context["pageurl"] = url or None  # Sphinx's own would name the 404 page, say
    base = site_url(app)
    image = f"{base.rstrip('/')}/{SOCIAL_IMAGE}" if base else context["pathto"](SOCIAL_IMAGE, 1)
    context["bibfolio_social"] = social_tags(
        app, pagename, full or site, text, url=url, image=image
    )
    if pagename == app.config.root_doc:
        data = person(app)
        if data is not None:
            context["bibfolio_json_ld"] = script_json(data)
    if pagename in NOT_INDEXED:
        context["metatags"] = (
            context.get("metatags", "") + '<meta name="robots" content="noindex">\n'
        )


def notfound_toctree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The 404 page's sidebar, from sphinx-notfound-page's helper, made safe to call.

    That helper returns None for a site whose pages have no table of contents
    (the theme then fails on the 404 page), and calls Sphinx without ``tags=``,
    which Sphinx 9 deprecates: both are its own; this wrapper gives an empty
    sidebar instead of None and lets that one deprecation message through.
    """
    if pagename != app.config.notfound_pagename or "toctree" not in context:
        return
    original = context["toctree"]

    def toctree(*args: Any, **kwargs: Any) -> str:
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore",
                "'tags' will become a required keyword argument",
                PendingDeprecationWarning,
            )
            return original(*args, **kwargs) or ""

    context["toctree"] = toctree


def write_files(app: Sphinx, exception: Exception | None) -> None:
    """robots.txt, the social image and the sitemap, beside the pages."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    robots = out / "robots.txt"
    if not robots.exists() or ROBOTS_MARK in robots.read_text(encoding="utf-8"):
        lines = [ROBOTS_MARK, "User-agent: *", "Allow: /"]
        if has_sitemap(app.config.html_baseurl):
            lines.append(f"Sitemap: {app.config.html_baseurl}sitemap.xml")
        write_if_changed(robots, ("\n".join(lines) + "\n").encode("utf-8"))
    making = _IMAGES.pop(app, None)  # started with every HTML build (start_social_image)
    if making is not None:
        write_if_changed(out / SOCIAL_IMAGE, making.result())
    if has_sitemap(app.config.html_baseurl):
        write_if_changed(out / "sitemap.xml", sitemap(app))


def sitemap(app: Sphinx) -> bytes:
    """Every page of the site, at its full address (html_baseurl names the release)."""
    from xml.etree import ElementTree  # noqa: PLC0415 - only for a site with an address

    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    urlset = ElementTree.Element("urlset", xmlns=namespace)
    for docname in sorted(app.env.found_docs):
        if docname not in NOT_INDEXED:
            url = ElementTree.SubElement(urlset, "url")
            loc = ElementTree.SubElement(url, "loc")
            loc.text = app.config.html_baseurl + app.builder.get_target_uri(docname)
    text: bytes = ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return text


def start_social_image(app: Sphinx) -> None:
    """The social image, made beside the build from its start (as the CV's PDF): Typst's
    memory for it is used and given back while the build's own is still small, not on
    top of all the pages' at the end."""
    if app.builder.format == "html":
        _IMAGES[app] = Beside(functools.partial(social_image, app))


_IMAGES: WeakKeyDictionary[Sphinx, Beside[bytes]] = WeakKeyDictionary()


def social_image(app: Sphinx) -> bytes:
    from bibfolio.site.pdf import TYPST, compile_typst  # noqa: PLC0415 - typst on demand

    cv = project_of(app.env).cv
    name = cv.name if cv is not None else str(app.config.project)
    line = joined(*next(iter(roles(cv)), ())) if cv else ""

    def draw() -> bytes:
        return compile_typst(SOCIAL_CARD, image=True, inputs={"name": name, "line": line})

    return memo(app).get(SOCIAL_IMAGE, digest([TYPST, SOCIAL_CARD, name, line]), draw)


def setup(app: Sphinx) -> None:
    app.setup_extension("notfound.extension")
    # Set by `bibfolio versions` on earlier releases: the current release's address.
    app.add_config_value("bibfolio_canonical_url", "", "html", types=frozenset({str}))
    app.connect("config-inited", configure, priority=450)
    app.connect("html-page-context", page_tags)
    app.connect(
        "html-page-context", notfound_toctree, priority=450
    )  # after notfound, before the theme
    app.connect("builder-inited", start_social_image)
    app.connect("build-finished", write_files)
