"""What changed between two releases (bibfolio.view.changes.compare), on two small literal
releases: every kind of change, and nothing said where nothing changed."""

from __future__ import annotations

from typing import Any

from bibfolio.load.bibtex import parse
from bibfolio.model.cv import CV
from bibfolio.model.names import Owner
from bibfolio.model.publication import Rules, read_publication
from bibfolio.view.changes import Release, compare
from bibfolio.view.document import ItemList
from bibfolio.view.papers import Group, build_portfolio

OLD_BIB = """
@misc{rank, title = {Ranking}, author = {Ng, Ada}, howpublished = {arXiv preprint}, year = 2023,
  month = jun}
@inproceedings{bandits, title = {Bandits}, author = {Ng, Ada}, booktitle = {Conf (CF)}, year = 2022}
@misc{draft, title = {Draft}, author = {Ng, Ada}, howpublished = {arXiv preprint}, year = 2020}
"""
NEW_BIB = """
@misc{agents, title = {Agents}, author = {Ng, Ada}, howpublished = {arXiv preprint}, year = 2024}
@misc{Rank, title = {Ranking}, author = {Ng, Ada}, year = 2023,
  pubstate = {under review at Journal R}}
@inproceedings{bandits, title = {Bandits}, author = {Ng, Ada}, booktitle = {Conf (CF)}, year = 2022,
  award = {Oral}}
"""

OLD: dict[str, Any] = {
    "name": "Ada Ng",
    "updated": "2024-01",
    "sections": [
        {"type": "text", "title": "Interests", "text": "Ranking."},
        {
            "type": "education",
            "title": "Education",
            "items": [
                {
                    "institution": "Uni",
                    "degree": "Ph.D. Student",
                    "start": "2021-09",
                    "end": "present",
                }
            ],
        },
        {
            "type": "experience",
            "title": "Visits",
            "items": [
                {"organization": "Far U", "role": "Visitor", "start": "2023-06", "end": "2023-08"},
                {"organization": "Old Lab", "role": "Intern", "start": "2022-06", "end": "2022-09"},
            ],
        },
        {
            "type": "teaching",
            "title": "Teaching",
            "items": [{"course": "Probability", "start": "2022-09", "end": "2023-01"}],
        },
        {
            "type": "awards",
            "title": "Awards",
            "items": [
                {"title": "Poster Prize", "dates": ["2023-05"]},
                {"title": "Travel Grant", "dates": ["2022-10"]},
            ],
        },
        {
            "type": "talks",
            "title": "Talks",
            "items": [
                {
                    "title": "Bandits in Practice",
                    "papers": ["bandits"],
                    "events": [{"venue": "Workshop", "date": "2023-11"}],
                },
                {"title": "Drafting", "events": [{"venue": "Day", "date": "2021-05"}]},
            ],
        },
        {
            "type": "service",
            "title": "Service",
            "items": [
                {
                    "label": "Reviewer",
                    "venues": [{"name": "CF", "years": [2023]}, {"name": "Old J"}],
                }
            ],
        },
    ],
}
NEW: dict[str, Any] = {
    "name": "Ada Ng",
    "updated": "2024-09",
    "sections": [
        {"type": "text", "title": "Interests", "text": "Ranking and agents."},
        {
            "type": "education",
            "title": "Education",
            "items": [
                {
                    "institution": "UNI",
                    "degree": "Ph.D. Candidate",
                    "start": "2021-09",
                    "end": "present",
                }
            ],
        },
        {
            "type": "experience",
            "title": "Research",
            "items": [
                {"organization": "Far U", "role": "Visitor", "start": "2023-06", "end": "2023-08"},
                {
                    "organization": "New Lab",
                    "role": "Scientist",
                    "start": "2024-06",
                    "end": "present",
                },
            ],
        },
        {
            "type": "awards",
            "title": "Awards",
            "items": [
                {"title": "Poster Prize", "dates": ["2023-05", "2024"]},
                {"title": "Fellowship", "dates": ["2024-03"]},
            ],
        },
        {
            "type": "talks",
            "title": "Talks",
            "items": [
                {
                    "title": "Bandits with Delays",
                    "papers": ["bandits"],
                    "events": [
                        {"venue": "Workshop", "date": "2023-11"},
                        {"venue": "Days", "city": "Town", "date": "2024-08", "papers": ["rank"]},
                    ],
                },
                {"title": "Agents Talk", "events": [{"venue": "Seminar", "date": "2024-07"}]},
            ],
        },
        {
            "type": "service",
            "title": "Service",
            "items": [
                {
                    "label": "Reviewer",
                    "venues": [
                        {"name": "CF", "years": [2023, 2024]},
                        {"name": "NF", "abbreviation": "NF", "years": [2024]},
                    ],
                }
            ],
        },
        {"type": "skills", "title": "Skills", "items": [{"label": "Code", "text": "Python"}]},
    ],
}
ONE_SEQUENCE = (
    Group("", "Publications", frozenset({"inproceedings", "article"})),
    Group("", "Preprints", frozenset({"preprint"})),
)


def release(data: dict[str, Any], source: str, groups: tuple[Group, ...] | None = None) -> Release:
    cv = CV.model_validate(data)
    bib = parse(source)
    pubs = [read_publication(bib, e, n, Rules())[0] for n, e in enumerate(bib.entries)]
    portfolio = build_portfolio(pubs, Owner(cv.name), *(() if groups is None else (groups,)))
    return Release(cv, portfolio)


def changes(old: Release, new: Release) -> dict[str, list[str]]:
    found = {}
    for part in compare(old, new):
        (block,) = part.blocks
        assert isinstance(block, ItemList)
        assert part.kind == "changes"
        found[part.title] = ["".join(piece.text for piece in run) for run in block.items]
    return found


def test_every_kind_of_change_between_two_releases() -> None:
    old = release(OLD, OLD_BIB, ONE_SEQUENCE)
    new = release(NEW, NEW_BIB)
    assert old.version == "2024.01"
    assert new.version == "2024.09"
    assert changes(old, new) == {
        "Papers added": ["[P2] Agents"],
        "Papers removed": ["[1] Draft"],
        "Status, venue and award changes": [
            "[P1] Ranking: was “arXiv preprint, Jun, 2023”; now “Preprint under review at Journal R”",
            "[C1] Bandits: was “Conf (CF) 2022”; now “Conf (CF) 2022 Oral”",
        ],
        "Labels": ["[2] is now [P1] Ranking", "[1] is now [C1] Bandits"],
        "Education": ["UNI: degree “Ph.D. Student” → “Ph.D. Candidate”"],
        "Positions": [
            "Far U: section “Visits” → “Research”",
            "Added: New Lab, Scientist (Research), Jun. 2024 – present",
            "Removed: Old Lab (Visits)",
        ],
        "Teaching": ["Removed: Probability (Teaching)"],
        "Talks": [
            "Renamed: “Bandits in Practice” → “Bandits with Delays”",
            "New event of “Bandits with Delays”: Days, Town, Aug. 2024 [P1]",
            "Added: Agents Talk",
            "Removed: Drafting",
        ],
        "Awards and honors": [
            "Added: Fellowship, Mar. 2024",
            "Removed: Travel Grant, Oct. 2022",
            "“Poster Prize, May 2023” → “Poster Prize, May 2023, 2024”",
        ],
        "Academic services": [
            "Reviewer: CF (2024 added)",
            "Reviewer: added NF (NF; 2024)",
            "Reviewer: removed Old J",
        ],
        "Sections of the CV": [
            "Added: Research",
            "Added: Skills",
            "Removed: Visits",
            "Removed: Teaching",
            "Rewritten: Interests",
        ],
    }


def test_papers_added_and_renamed_talks_link_to_the_new_papers() -> None:
    found = compare(release(OLD, OLD_BIB), release(NEW, NEW_BIB))
    added = next(part for part in found if part.title == "Papers added")
    (block,) = added.blocks
    assert isinstance(block, ItemList)
    (run,) = block.items
    assert [(piece.kind, piece.text, piece.target) for piece in run] == [
        ("cite", "[P2]", "agents"),
        ("text", " Agents", ""),
    ]


def test_nothing_changed_says_nothing() -> None:
    same = release(NEW, NEW_BIB)
    assert compare(same, release(NEW, NEW_BIB)) == []


def test_a_text_section_rewrapped_is_not_rewritten() -> None:
    wrapped = {
        **NEW,
        "sections": [{**NEW["sections"][0], "text": "Ranking  and\nagents."}, *NEW["sections"][1:]],
    }
    assert "Sections of the CV" not in changes(release(NEW, NEW_BIB), release(wrapped, NEW_BIB))
