"""The papers view (bibfolio.view.papers) on small literal bibliographies: kinds, labels,
groups and order, author lists with marks, the lines of an entry, links, page folders."""

from __future__ import annotations

from bibfolio.load.bibtex import parse
from bibfolio.model.names import Owner
from bibfolio.model.publication import Publication, Rules, read_publication
from bibfolio.view.papers import (
    DEFAULT_GROUPS,
    Group,
    Portfolio,
    build_portfolio,
    css_name,
    kind_of,
    links,
    paper_slug,
    unique_slugs,
)

OWNER = Owner("Ada Ng")

BIB = """
@inproceedings{c2019, title = {C Old}, author = {Ng, Ada}, booktitle = {Conf A}, year = 2019}
@inproceedings{c2021a, title = {C New One}, author = {Ng, Ada}, booktitle = {Conf B}, year = 2021}
@inproceedings{c2021b, title = {C New Two}, author = {Ng, Ada}, booktitle = {Conf C}, year = 2021}
@article{j2020, title = {J}, author = {Li, Bo and Ng, A.}, journal = {Journal of J}, year = 2020}
@article{jarxiv, title = {On arXiv}, author = {Ng, Ada}, journal = {arXiv preprint}, year = 2022}
@article{jpending, title = {Pending}, author = {Ng, Ada}, journal = {J}, year = 2023,
  pubstate = {under review at Journal of Pending}}
@misc{m2024, title = {M}, author = {Ng, Ada}, howpublished = {arXiv preprint}, year = 2024,
  month = feb}
@misc{nodate, title = {Undated}, author = {Ng, Ada}}
@phdthesis{t2024, title = {Thesis}, author = {Ng, Ada}, school = {U}, year = 2024}
@book{b2018, title = {Book}, author = {Ng, Ada}, publisher = {Pub}, year = 2018}
@techreport{r2017, title = {Report}, author = {Ng, Ada}, year = 2017}
@patent{o2016, title = {Other}, author = {Ng, Ada}, howpublished = {Patent office}, year = 2016}
"""


def publications(source: str) -> list[Publication]:
    bib = parse(source)
    assert bib.problems == []
    read = [read_publication(bib, e, n, Rules()) for n, e in enumerate(bib.entries)]
    assert [problems for _, problems in read] == [[] for _ in read]
    return [pub for pub, _ in read]


def labelled(portfolio: Portfolio) -> dict[str, list[tuple[str, str]]]:
    return {group.title: [(p.label, p.key) for p in papers] for group, papers in portfolio.groups}


def test_kinds_of_entries() -> None:
    kinds = {pub.key: kind_of(pub) for pub in publications(BIB)}
    assert kinds == {
        "c2019": "inproceedings",
        "c2021a": "inproceedings",
        "c2021b": "inproceedings",
        "j2020": "article",
        "jarxiv": "preprint",  # an article in arXiv is a preprint
        "jpending": "preprint",  # so is one under review
        "m2024": "preprint",
        "nodate": "preprint",
        "t2024": "thesis",
        "b2018": "book",
        "r2017": "report",
        "o2016": "other",
    }


def test_default_groups_number_from_the_oldest_and_list_the_newest_first() -> None:
    shown = labelled(build_portfolio(publications(BIB), OWNER))
    assert list(shown) == [
        "Preprints",
        "Journal articles",
        "Conference papers",
        "Books and chapters",
        "Theses",
        "Reports",
        "Other",
    ], "the default order; empty groups are left out"
    assert shown["Conference papers"] == [
        ("C3", "c2021a"),  # same year: the one earlier in refs.bib is the newer
        ("C2", "c2021b"),
        ("C1", "c2019"),
    ]
    assert shown["Preprints"] == [
        ("P4", "nodate"),  # no year: the newest
        ("P3", "m2024"),
        ("P2", "jpending"),
        ("P1", "jarxiv"),
    ]
    assert shown["Journal articles"] == [("J1", "j2020")]


def test_a_label_scheme_of_the_data_numbers_groups_without_letters() -> None:
    scheme = (
        Group("", "Publications", frozenset({"inproceedings", "article"})),
        Group("", "Preprints", frozenset({"preprint"})),
    )
    shown = labelled(build_portfolio(publications(BIB), OWNER, scheme))
    assert [label for label, _ in shown["Publications"]] == ["4", "3", "2", "1"]
    assert shown["Publications"][-1] == ("1", "c2019")
    assert {key for _, key in shown["Preprints"]} == {
        "nodate",
        "m2024",
        "jpending",
        "jarxiv",
        "t2024",  # kinds no group takes go to the last group
        "b2018",
        "r2017",
        "o2016",
    }
    assert shown["Preprints"][-1] == ("1", "o2016")


def test_a_portfolio_finds_papers_by_key_rank_and_folder() -> None:
    portfolio = build_portfolio(publications(BIB), OWNER)
    assert portfolio["C2021A"].key == "c2021a", "keys are matched without case"
    assert portfolio.get("nosuch") is None
    assert portfolio.rank(portfolio.papers[0].key) == 0
    assert portfolio.rank("nosuch") == len(portfolio.papers)
    assert portfolio.by_slug("j2020") is portfolio["j2020"]
    assert [p.key for p in portfolio.papers] == [
        p.key for _, papers in portfolio.groups for p in papers
    ]


def test_authors_with_the_owner_and_marks() -> None:
    (pub,) = publications(
        "@misc{k, title = {T}, author = {Li, Bo and Ng, A. and Wu, Cy}, equalcontrib = {1, 2},"
        " alphabetical = {true}}"
    )
    (paper,) = build_portfolio([pub], OWNER).papers
    assert [(a.name, a.owner, a.marks, a.inverted) for a in paper.authors] == [
        ("Bo Li", False, "*†", "Li, Bo"),
        ("A. Ng", True, "*†", "Ng, A."),
        ("Cy Wu", False, "†", "Wu, Cy"),
    ]
    assert paper.marks == frozenset({"*", "†"})


def test_the_lines_after_the_authors() -> None:
    source = """
@inproceedings{c, title = {C}, author = {Ng, Ada}, booktitle = {Conf (CF)}, year = 2024,
  award = {Oral}, presented = {Workshop W, 2023, Spotlight},
  extended = {under major revision at Journal E}}
@misc{m, title = {M}, author = {Ng, Ada}, howpublished = {arXiv preprint}, year = 2025,
  month = feb}
@misc{s, title = {S}, author = {Ng, Ada}, year = 2025, pubstate = {under review at Journal S}}
@article{a, title = {A}, author = {Ng, Ada}, journal = {Journal A}, year = 2022,
  pubstate = {accepted at Journal A}}
"""
    portfolio = build_portfolio(publications(source), OWNER)
    shown = {
        p.key: [(line.role, line.text, line.award) for line in p.lines] for p in portfolio.papers
    }
    assert shown == {
        "c": [
            ("venue", "Conf (CF) 2024", "Oral"),
            ("presented", "Workshop W 2023", "Spotlight"),
            ("extended", "Extended version under major revision at Journal E", ""),
        ],
        "m": [("venue", "arXiv preprint, Feb, 2025", "")],
        "s": [("status", "Preprint under review at Journal S", "")],  # no venue line
        "a": [("venue", "Journal A 2022", ""), ("status", "Accepted at Journal A", "")],
    }
    assert portfolio["m"].date == "2025/02"
    assert portfolio["a"].date == "2022"


def test_links_for_every_kind_and_never_an_unsafe_scheme() -> None:
    (pub,) = publications(
        "@misc{k, title = {T}, author = {Ng, Ada}, eprint = {2401.01234}, "
        "archiveprefix = {arXiv}, pdf = {https://a.example/p.pdf}, code = {https://c.example}, "
        "slides = {https://s.example}, video = {https://v.example}, poster = {https://p.example}, "
        "project = {https://proj.example}, doi = {10.1000/xyz}, url = {https://a.example/p.pdf}}"
    )
    assert [(link.label, link.url) for link in links(pub)] == [
        ("arXiv", "https://arxiv.org/abs/2401.01234"),
        ("PDF", "https://a.example/p.pdf"),
        ("Code", "https://c.example"),
        ("Slides", "https://s.example"),
        ("Video", "https://v.example"),
        ("Poster", "https://p.example"),
        ("Project page", "https://proj.example"),
        ("DOI", "https://doi.org/10.1000/xyz"),
    ], "the url is left out when another link already gives it"
    bib = parse("@misc{k, title = {T}, url = {javascript:alert(1)}, pdf = {files/x.pdf}}")
    unsafe, problems = read_publication(bib, bib.entries[0], 0, Rules())
    assert [p.code for p in problems] == ["BIB125"]
    assert links(unsafe) == (), "no unsafe address, no unchecked local file"
    (web,) = publications("@misc{k, title = {T}, url = {https://w.example}}")
    assert [(link.kind, link.label) for link in links(web)] == [("url", "Web")]


def test_page_folders_are_safe_and_unique_whatever_the_case() -> None:
    assert paper_slug("lu2024:drrl/v2") == "lu2024-drrl-v2"
    assert paper_slug("..") == "paper"
    slugs = unique_slugs(["a:b", "a/b", "A-b", "c"])
    assert slugs["A-b"] == "A-b", "the first in key order keeps the plain name"
    assert slugs["a/b"].startswith("a-b-"), "a later one gets a suffix made from its key"
    assert slugs["c"] == "c"
    assert len({s.lower() for s in slugs.values()}) == 4
    assert slugs == unique_slugs(["c", "A-b", "a/b", "a:b"]), "stable whatever the order"
    assert css_name("LLM Agents & RL") == "llm-agents-rl"
    assert css_name("***") == "theme"


def test_default_groups_cover_every_kind() -> None:
    covered = set().union(*(group.kinds for group in DEFAULT_GROUPS))
    assert {kind_of(pub) for pub in publications(BIB)} <= covered


def test_label_groups_take_entries_by_key_then_venue_then_kind() -> None:
    pubs = publications(
        """
@inproceedings{main, title = {A}, author = {Ng, Ada}, booktitle = {Conference X}, year = 2024}
@inproceedings{ws, title = {B}, author = {Ng, Ada}, booktitle = {The WORKSHOP on Y}, year = 2024}
@misc{tut, title = {C}, author = {Ng, Ada}, howpublished = {Tutorial at Z}, year = 2023}
@inproceedings{named, title = {D}, author = {Ng, Ada}, booktitle = {Workshop on W}, year = 2022}
"""
    )
    scheme = (
        Group("C", "Conference papers", frozenset({"inproceedings"})),
        Group("W", "Workshop papers", venues=("workshop",)),
        Group("T", "Tutorials", venues=("tutorial",), papers=frozenset({"named"})),
        Group("O", "Other", frozenset({"preprint", "other"})),
    )
    shown = labelled(build_portfolio(pubs, OWNER, scheme))
    assert shown == {
        "Conference papers": [("C1", "main")],
        "Workshop papers": [("W1", "ws")],  # the venue's word, in any case
        "Tutorials": [("T2", "tut"), ("T1", "named")],  # a key beats the venue
    }, "groups in the scheme's order; a group with no paper is left out"


def test_an_author_list_cut_short_with_others_ends_with_et_al_everywhere() -> None:
    from bibfolio.render.pybtex import paper_text  # noqa: PLC0415
    from bibfolio.render.typst import TypstLayout  # noqa: PLC0415

    bib = parse("@misc{m, title = {T}, author = {Ng, Ada and Li, Bo and others}, year = 2024}\n")
    pub, problems = read_publication(bib, bib.entries[0], 0, Rules())
    assert [p.code for p in problems] == ["BIB111"]  # still said: a CV lists every author
    portfolio = build_portfolio([pub], OWNER, DEFAULT_GROUPS)
    paper = portfolio.papers[0]
    assert [a.name for a in paper.authors] == ["Ada Ng", "Bo Li"]  # no "others" author
    assert paper.more_authors == "et al."
    assert "Bo Li, et al." in paper_text(paper).render_as("text")
    assert "et al." in TypstLayout(portfolio).paper(paper)
    complete = build_portfolio(publications(BIB), OWNER, DEFAULT_GROUPS).papers
    assert all(p.more_authors == "" for p in complete)
