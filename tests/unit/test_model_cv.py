"""The data file's new forms (bibfolio.model.cv): each accepted, each mistake a located
message in plain words, the first forms still valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibfolio.load.yaml import read_yaml
from bibfolio.model.cv import validate_cv

HEAD = "name: Ada Ng\nupdated: 2024-09\n"


def problems(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "cv.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    cv, found = validate_cv(read_yaml(path))
    assert (cv is None) == bool(found)
    return [f"{p.line}:{p.col} {p.code} {p.message}" for p in found]


def test_the_first_forms_stay_valid(tmp_path: Path) -> None:
    body = (
        "position: Researcher\naffiliation: Uni\n"
        "contact:\n  profiles:\n    - {label: Scholar}\n    - {label: Web, url: 'https://a.example'}\n"
        "labels:\n  - {prefix: C, title: Papers, kinds: [inproceedings]}\n"
        "sections:\n  - type: talks\n    title: Talks\n    items:\n"
        "      - {title: A talk, events: [{venue: V, date: 2024-01}]}\n"
    )
    assert problems(tmp_path, body) == []


def test_every_new_form_is_accepted(tmp_path: Path) -> None:
    body = (
        "positions:\n  - {position: Professor, affiliation: Uni}\n  - {position: Adviser}\n"
        "photo: me.jpg\n"
        "contact:\n  profiles:\n    - {service: orcid, id: 0000-0002-1825-0097}\n"
        "    - {service: github, url: 'https://github.com/ada'}\n"
        "labels:\n  - {prefix: W, title: Workshops, venues: [Workshop], papers: [k]}\n"
        "news:\n  - {date: 2024-05, text: 'A [link](https://a.example)'}\n"
        "news_from: [papers]\n"
        "sections:\n  - type: entries\n    title: Press\n    items:\n"
        "      - {title: Interview, date: 2024-01, location: Web, description: On *it*}\n"
        "      - {title: Mentor, start: 2022-06, end: present}\n"
        "  - type: talks\n    title: Talks\n    items:\n"
        "      - {events: [{venue: V, date: 2024-01}]}\n"
        "  - {type: text, title: T, text: A}\n"
    )
    assert problems(tmp_path, body) == []
    ids = "contact:\n  profiles:\n    - {service: semantic-scholar, id: 1234}\n"
    assert problems(tmp_path, ids) == [], "an id written as a number"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "contact:\n  profiles:\n    - {service: orcid, id: 1234}\n",  # a number: text
            "5:7 CV102 '1234' is not a orcid id (such as 0000-0002-1825-0097)",
        ),
        (
            "contact:\n  profiles:\n    - {service: github}\n",
            "5:7 CV102 the github profile needs an 'id' or a 'url'",
        ),
        (
            "contact:\n  profiles:\n    - {service: myspace, id: a}\n",
            (
                "5:17 CV102 'myspace' is not allowed here; expected 'google-scholar', 'orcid', "
                "'github', 'linkedin', 'x', 'bluesky', 'semantic-scholar', 'dblp' or 'website'"
            ),
        ),
        (
            "contact:\n  profiles:\n    - {id: a}\n",
            "5:7 CV102 a profile needs a 'service' or a 'label'",
        ),
        (
            "contact:\n  profiles:\n    - {service: github, id: 'a/../b'}\n",
            "5:7 CV102 'a/../b' is not a github id (a user name)",
        ),
        (
            "position: P\npositions: [{position: Q}]\n",
            "1:1 CV102 give 'positions' (a list), or 'position' and 'affiliation', not both",
        ),
        (
            (
                "sections:\n  - type: entries\n    title: Press\n    items:\n"
                "      - {title: A, date: 2024-01, start: 2023-01}\n"
            ),
            "7:9 CV103 give a 'date', or a 'start' and an 'end', not both",
        ),
        ("news:\n  - {date: 2024-13, text: A}\n", "4:12 CV103 '2024-13': month 13 does not exist"),
        ("news:\n  - {date: 2024-01}\n", "4:5 CV104 'text' is required in news[1]"),
        (
            "sections:\n  - type: skills\n    title: S\n    items:\n      - {label: L}\n",
            "7:9 CV104 'text' is required in sections[1].items[1]",
        ),
    ],
)
def test_a_mistake_is_a_located_message(tmp_path: Path, body: str, expected: str) -> None:
    assert problems(tmp_path, body) == [expected]
