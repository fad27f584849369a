"""The CV document, the home page's profile and news, and the talks (bibfolio.view.cv, .home,
.talks), made from a small literal data file and bibliography: what every output prints."""

from __future__ import annotations

from typing import Any

import pytest

from bibfolio.load.bibtex import parse
from bibfolio.model.cv import CV, Month
from bibfolio.model.names import Owner
from bibfolio.model.publication import Rules, read_publication
from bibfolio.view.cv import cv_document, header, profile_links
from bibfolio.view.document import (
    Block,
    ItemList,
    PaperList,
    Paragraph,
    Record,
    Row,
    Run,
    TalkBlock,
)
from bibfolio.view.home import news, profile
from bibfolio.view.papers import Portfolio, build_portfolio
from bibfolio.view.talks import talks, talks_about

BIB = """
@inproceedings{c2022, title = {Bandits}, author = {Ng, Ada and Li, Bo}, booktitle = {Conf (CF)},
  year = 2022, equalcontrib = {1, 2}}
@misc{p2024, title = {Agents}, author = {Ng, Ada}, howpublished = {arXiv preprint}, year = 2024,
  month = may}
"""

DATA: dict[str, Any] = {
    "name": "Ada Ng",
    "position": "Ph.D. Candidate",
    "affiliation": "Example University",
    "updated": "2024-09",
    "contact": {
        "phone": "555-0100",
        "email": "ada@example.org",
        "homepage": "https://example.org/ada/",
        "profiles": [{"label": "Scholar", "url": "https://s.example"}, {"label": "LinkedIn"}],
    },
    "summary": "I study *bandits* [@c2022].",
    "sections": [
        {"type": "text", "title": "Interests", "text": "Bandits [@c2022] and **agents** [@p2024]."},
        {
            "type": "education",
            "title": "Education",
            "items": [
                {
                    "institution": "Example University",
                    "location": "Exampletown",
                    "degree": "Ph.D.",
                    "start": "2021-09",
                    "end": "present",
                    "notes": ["Advisor: [Prof. B](https://b.example)"],
                }
            ],
        },
        {
            "type": "experience",
            "title": "Experience",
            "items": [
                {
                    "organization": "Lab",
                    "role": "Intern",
                    "location": "Town",
                    "advisor": "Dr. C",
                    "start": "2024-06",
                    "end": "2024-08",
                    "description": "Agents [@p2024].",
                },
                {
                    "organization": "Future Corp",
                    "role": "Visitor",
                    "start": "2024-12",
                    "description": "Soon.",
                },
            ],
        },
        {
            "type": "awards",
            "title": "Awards",
            "items": [{"title": "Prize", "detail": "top", "dates": ["2019-11", "2020"]}],
        },
        {
            "type": "teaching",
            "title": "Teaching",
            "items": [
                {
                    "course": "Probability",
                    "detail": "fall",
                    "note": "TA",
                    "start": "2022-09",
                    "end": "2023-01",
                }
            ],
        },
        {
            "type": "talks",
            "title": "Talks",
            "items": [
                {
                    "title": "Old Talk",
                    "papers": ["c2022"],
                    "events": [{"venue": "Workshop", "city": "Town", "date": "2023-03"}],
                },
                {
                    "title": "New Talk",
                    "events": [
                        {"venue": "Seminar", "date": "2024-02", "papers": ["p2024"]},
                        {"venue": "Meeting", "city": "City", "date": "2024-07"},
                    ],
                },
            ],
        },
        {
            "type": "skills",
            "title": "Skills",
            "items": [{"label": "Code", "text": "Python, *Typst*"}],
        },
        {
            "type": "service",
            "title": "Service",
            "items": [
                {
                    "label": "Reviewer",
                    "venues": [
                        {"name": "Conf", "abbreviation": "CF", "years": [2023, 2024]},
                        {"name": "Journal"},
                    ],
                }
            ],
        },
        {"type": "publications", "title": "Papers", "group_headings": True},
        {
            "type": "publications",
            "title": "Preprints only",
            "groups": ["Preprints"],
            "legend_first": False,
        },
    ],
}


def make(data: dict[str, Any] = DATA) -> tuple[CV, Portfolio]:
    cv = CV.model_validate(data)
    bib = parse(BIB)
    pubs = [read_publication(bib, e, n, Rules())[0] for n, e in enumerate(bib.entries)]
    return cv, build_portfolio(pubs, Owner(cv.name))


def said(run: Run) -> str:
    return "".join(piece.text for piece in run)


def shown(block: Block) -> Any:
    """A block as plain text: rows as (left, right), runs as text."""
    match block:
        case Row():
            return (said(block.left), block.right)
        case Record():
            return ([shown(row) for row in block.rows], [said(run) for run in block.body])
        case Paragraph():
            return said(block.run)
        case TalkBlock():
            return (said(block.title), [shown(row) for row in block.events])
        case PaperList():
            return (
                block.legend,
                block.legend_first,
                [(t, [p.label for p in ps]) for t, ps in block.groups],
            )
        case ItemList():
            return [said(run) for run in block.items]


def test_the_header_keeps_the_phone_private_unless_asked() -> None:
    cv, _ = make()
    first, second = header(cv)
    assert [(said(item.run), item.private) for item in first] == [
        ("Tel: 555-0100", True),
        ("E-mail: ada@example.org", False),
        ("Web: example.org/ada", False),
    ]
    assert [piece.kind for item in first for piece in item.run][1::2] == ["phone", "email", "link"]
    assert [said(item.run) for item in second] == [
        "Scholar",
        "LinkedIn",
        "Last update: September, 2024",
    ]
    shown_phone = make({**DATA, "contact": {**DATA["contact"], "show_phone": True}})[0]
    assert not header(shown_phone)[0][0].private


def test_every_section_in_the_datas_order_with_its_blocks() -> None:
    cv, portfolio = make()
    document = cv_document(cv, portfolio)
    assert document.name == "Ada Ng"
    assert document.date == "September, 2024"
    assert [(part.title, part.kind) for part in document.parts] == [
        (section.title, section.type) for section in cv.sections
    ]
    blocks = {part.title: [shown(block) for block in part.blocks] for part in document.parts}
    assert blocks["Interests"] == ["Bandits [C1] and agents [P1]."]
    assert blocks["Education"] == [
        (
            [("Example University", "Exampletown"), ("Ph.D.", "Sep. 2021 – present")],
            ["Advisor: Prof. B"],
        )
    ]
    assert blocks["Experience"] == [
        ([("Lab, Intern", "Town"), ("Advisor: Dr. C", "Jun. 2024 – Aug. 2024")], ["Agents [P1]."]),
        ([("Future Corp, Visitor", ""), ("Soon.", "Starting Dec. 2024")], []),
    ], "without an advisor or host the description shares the line of the dates"
    assert blocks["Awards"] == [("Prize (top)", "Nov. 2019, 2020")]
    assert blocks["Teaching"] == [("Probability (fall) (TA)", "Sep. 2022 – Jan. 2023")]
    assert blocks["Talks"] == [
        ("New Talk", [("Meeting, City", "Jul. 2024"), ("Seminar [P1]", "Feb. 2024")]),
        ("Old Talk [C1]", [("Workshop, Town", "Mar. 2023")]),
    ], "newest first, and each talk's events newest first"
    assert blocks["Skills"] == ["Code: Python, Typst"]
    assert blocks["Service"] == ["Reviewer: Conf (CF; 2023-2024), Journal"]
    assert blocks["Papers"] == [
        (
            "Authors with * contributed equally to the work.",
            True,
            [("Preprints", ["P1"]), ("Conference papers", ["C1"])],
        )
    ]
    assert blocks["Preprints only"] == [("", False, [("", ["P1"])])], "no mark, no legend"


def test_prose_keeps_emphasis_strong_and_safe_links_only() -> None:
    cv, portfolio = make()
    document = cv_document(cv, portfolio)
    interests = document.parts[0].blocks[0]
    assert isinstance(interests, Paragraph)
    assert [(p.kind, p.text, p.target) for p in interests.run] == [
        ("text", "Bandits ", ""),
        ("cite", "[C1]", "c2022"),
        ("text", " and ", ""),
        ("strong", "agents", ""),
        ("text", " ", ""),
        ("cite", "[P1]", "p2024"),
        ("text", ".", ""),
    ]
    unsafe = make(
        {**DATA, "sections": [{"type": "text", "title": "T", "text": "[x](javascript:y)"}]}
    )
    (part,) = cv_document(*unsafe).parts
    assert [shown(block) for block in part.blocks] == ["[x](javascript:y)"], "printed as written"


def test_profile_is_the_position_the_summary_and_the_contact_line() -> None:
    cv, portfolio = make()
    found = profile(cv, portfolio)
    assert found.positions == ("Ph.D. Candidate, Example University",)
    assert said(found.summary) == "I study bandits [C1]."
    assert [piece.kind for piece in found.summary][:3] == ["text", "emph", "text"]
    assert [said(item.run) for item in found.contact][1] == "E-mail: ada@example.org"


def test_news_are_the_latest_dated_items_newest_first() -> None:
    cv, portfolio = make()
    items = [(item.when, said(item.run)) for item in news(cv, portfolio, 20)]
    assert items == [  # not the position of Dec. 2024: after the data's 'updated'
        ("Jul. 2024", "Talk: New Talk, Meeting, City"),  # once, at its latest event
        ("Jun. 2024", "Intern, Lab"),
        ("May 2024", "[P1] Agents (arXiv preprint, May, 2024)"),
        ("Mar. 2023", "Talk: Old Talk, Workshop, Town [C1]"),  # the talk's papers
        ("Sep. 2022", "Teaching: Probability"),
        ("2022", "[C1] Bandits (Conf (CF) 2022)"),
        ("Sep. 2021", "Ph.D., Example University"),
        ("2020", "Prize"),  # an award's latest date
    ]
    assert [item.when for item in news(cv, portfolio, 3)] == ["Jul. 2024", "Jun. 2024", "May 2024"]


def test_talks_newest_first_and_the_talks_of_a_paper() -> None:
    cv, _ = make()
    found = talks(cv)
    assert [(t.title, t.latest) for t in found] == [
        ("New Talk", Month(2024, 7)),
        ("Old Talk", Month(2023, 3)),
    ]
    assert [e.place for e in found[0].events] == ["Meeting, City", "Seminar"]
    assert [t.title for t in talks_about(cv, "P2024")] == ["New Talk"], "an event's papers count"
    assert [t.title for t in talks_about(cv, "c2022")] == ["Old Talk"]
    assert talks_about(cv, "nosuch") == []


@pytest.mark.parametrize(
    "kind",
    [
        "text",
        "education",
        "experience",
        "awards",
        "teaching",
        "talks",
        "skills",
        "service",
        "publications",
    ],
)
def test_every_section_type_gives_blocks(kind: str) -> None:
    cv, portfolio = make()
    (part,) = [p for p in cv_document(cv, portfolio).parts if p.kind == kind][:1]
    assert part.blocks, f"a {kind} section is never empty"


def test_news_written_by_hand_are_shown_with_the_made_ones_each_thing_once() -> None:
    written = [
        {"date": "2024-05", "text": "Our [paper](https://p.example) on agents [@p2024] is out!"},
        {"date": "2024-08", "text": "A talk at *Meeting*."},
        {"date": "2024-08", "text": "A talk at *Meeting*."},  # twice: shown once
        {"date": "2025-01", "text": "Joining Future Corp."},  # after 'updated' (2024-09)
    ]
    cv, portfolio = make({**DATA, "news": written})
    items = [(item.when, said(item.run)) for item in news(cv, portfolio, 5)]
    assert items == [
        ("Aug. 2024", "A talk at Meeting."),
        ("Jul. 2024", "Talk: New Talk, Meeting, City"),
        ("Jun. 2024", "Intern, Lab"),
        ("May 2024", "Our paper on agents [P1] is out!"),  # the paper's own item left out
        ("Mar. 2023", "Talk: Old Talk, Workshop, Town [C1]"),
    ]
    first = news(cv, portfolio, 1)[0]
    assert [piece.kind for piece in first.run] == ["text", "emph", "text"]
    only = make({**DATA, "news": written, "news_from": []})
    assert [item.when for item in news(*only, 10)] == ["Aug. 2024", "May 2024"]


def test_profiles_by_service_and_id_have_their_addresses_and_names() -> None:
    profiles = [
        {"service": "orcid", "id": "0000-0002-1825-0097"},
        {"service": "x", "id": "@ada"},
        {"service": "dblp", "id": "12/3456", "label": "dblp"},
        {"service": "website", "url": "https://ada.example"},
        {"label": "Office"},  # the first form: a label, no address
    ]
    cv, _ = make({**DATA, "contact": {"profiles": profiles}})
    assert [(p.service, p.label, p.url) for p in profile_links(cv)] == [
        ("orcid", "ORCID", "https://orcid.org/0000-0002-1825-0097"),
        ("x", "X", "https://x.com/ada"),
        ("dblp", "dblp", "https://dblp.org/pid/12/3456.html"),
        ("website", "Website", "https://ada.example"),
        ("", "Office", ""),
    ]
    assert [link.service for link in profile(cv, make()[1]).links] == [
        "orcid",
        "x",
        "dblp",
        "website",
    ], "the home page links only profiles with an address"


def test_several_positions_each_with_its_affiliation() -> None:
    roles = [{"position": "Professor", "affiliation": "Uni A"}, {"position": "Adviser"}]
    data = {k: v for k, v in DATA.items() if k not in ("position", "affiliation")}
    cv, portfolio = make({**data, "positions": roles, "photo": "me.jpg"})
    found = profile(cv, portfolio)
    assert found.positions == ("Professor, Uni A", "Adviser")
    assert found.photo == "me.jpg"


def test_entries_sections_and_talks_without_a_title() -> None:
    sections = [
        {
            "type": "entries",
            "title": "Press",
            "items": [
                {"title": "[Interview](https://n.example)", "date": "2024-01", "location": "Web"},
                {"title": "Mentor", "start": "2022-06", "end": "present", "description": "*Two*"},
            ],
        },
        {
            "type": "talks",
            "title": "Talks",
            "items": [
                {"events": [{"venue": "Colloquium", "date": "2024-03", "papers": ["c2022"]}]},
                {"title": "Titled", "events": [{"venue": "Seminar", "date": "2023-01"}]},
            ],
        },
    ]
    cv, portfolio = make({**DATA, "sections": sections})
    press, talks_part = cv_document(cv, portfolio).parts
    assert [shown(block) for block in press.blocks] == [
        ([("Interview, Web", "Jan. 2024")], []),
        ([("Mentor", "Jun. 2022 – present")], ["Two"]),
    ]
    first = press.blocks[0]
    assert isinstance(first, Record)
    assert first.rows[0].left[0].target == "https://n.example"
    assert [shown(block) for block in talks_part.blocks] == [
        ("Colloquium [C1]", "Mar. 2024"),  # no title: its events, each a line
        ("Titled", [("Seminar", "Jan. 2023")]),
    ]
    assert [t.heading for t in talks(cv)] == ["Colloquium", "Titled"]
