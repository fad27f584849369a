"""The importers' mappers on literal inputs: marks, titles, dates, text, CV entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibfolio.importers.common import Imported, Source, markdown_to_myst, month_of, span_of
from bibfolio.importers.jsonresume import read_resume
from bibfolio.importers.papers import brace_acronyms, import_papers, strip_marks
from bibfolio.importers.rendercv import read_rendercv
from bibfolio.load.yaml import YamlDocument, parse_yaml


@pytest.mark.parametrize(
    ("raw", "name", "marks"),
    [
        ("Zhang*, Yuntong", "Zhang, Yuntong", ["*"]),
        ("Einstein*\u2020, A.", "Einstein, A.", ["*", "\u2020"]),
        ("Liu*\\(^\\dagger\\), Yuan", "Liu, Yuan", ["*", "\u2020"]),
        ("Yuan Liu\\(^\\dagger\\)", "Yuan Liu", ["\u2020"]),
        ("Doe, Jane", "Doe, Jane", []),
    ],
)
def test_marks_are_taken_out_of_names(raw: str, name: str, marks: list[str]) -> None:
    assert strip_marks(raw) == (name, marks)


def test_acronyms_are_braced_once_and_commands_left_alone() -> None:
    assert (
        brace_acronyms("SpecRover: Code Intent via LLMs") == "{SpecRover}: Code Intent via {LLMs}"
    )
    assert brace_acronyms('{RLHF} and {\\"U}ber AI') == '{RLHF} and {\\"U}ber {AI}'
    assert brace_acronyms(brace_acronyms("GPT-4 in NLP")) == brace_acronyms("GPT-4 in NLP")


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("2021 - Now", ("2021", "present")),
        ("2017 - 2021", ("2017", "2021")),
        ("2024.09 - 2024.12", ("2024-09", "2024-12")),
        ("Aug 2019 - Present", ("2019-08", "present")),
        (1905, ("1905", None)),
        ("someday", None),
    ],
)
def test_date_spans_as_sites_write_them(value: object, span: object) -> None:
    assert span_of(value) == span


def test_a_month_from_a_date_or_a_year() -> None:
    assert month_of("2015-11-07 16:11:00-0400") == "2015-11"
    assert month_of(2020) == "2020"
    assert month_of("no date") is None


def test_news_text_keeps_words_and_http_links_only() -> None:
    text = markdown_to_myst(
        ":memo: Our [paper](https://example.org/p) *is* in <i>ICSE</i>. "
        "[local](assets/x.pdf) [bad](javascript:alert(1)) {cite}`x` <!-- hidden -->"
    )
    assert "[paper](<https://example.org/p>)" in text
    for gone in ("](<javascript", "](<assets", "hidden"):
        assert gone not in text
    assert ":memo:" not in text
    assert "\\{cite\\}" in text  # printed, not a role


def _bib(tmp_path: Path, text: str) -> Imported:
    (tmp_path / "_bibliography").mkdir()
    (tmp_path / "_bibliography" / "papers.bib").write_text(text, encoding="utf-8")
    result = Imported()
    import_papers(Source(tmp_path, result), "_bibliography/papers.bib", result)
    return result


def test_al_folio_fields_are_mapped_or_reported(tmp_path: Path) -> None:
    (tmp_path / "assets" / "pdf").mkdir(parents=True)
    (tmp_path / "assets" / "pdf" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    result = _bib(
        tmp_path,
        "---\n---\n@inproceedings{a, author = {Doe*, Jane and Roe*, Rob}, title = {T},\n"
        " booktitle = {B}, year = 2024, pdf = {a.pdf}, website = {https://a.org},\n"
        " arxiv = {2401.00001}, abbr = {B}, selected = {true}, blog = {https://b.org},\n"
        " award_name = {Best Paper}, award = {Given for *this*}, month = jan}\n",
    )
    bib = result.bibtex
    assert "author        = {Doe, Jane and Roe, Rob}" in bib
    assert "equalcontrib  = {1, 2}" in bib
    assert "pdf           = {files/a.pdf}" in bib
    assert result.files == {"a.pdf": tmp_path / "assets" / "pdf" / "a.pdf"}
    assert "project       = {https://a.org}" in bib
    assert "eprint        = {2401.00001}" in bib
    assert "archiveprefix = {arXiv}" in bib
    assert "award         = {Best Paper}" in bib
    assert "month         = jan" in bib
    for gone in ("abbr", "selected", "blog", "Given for"):
        assert gone not in bib
    codes = {(p.code, p.line) for p in result.problems}
    assert ("IMP102", 3) in codes  # abbr, at the entry
    assert ("IMP101", 5) in codes  # selected and blog, at their line
    assert result.awards == []  # Best Paper is known


def test_unknown_awards_are_returned_for_the_settings(tmp_path: Path) -> None:
    result = _bib(
        tmp_path,
        "@article{a, author = {D, J}, title = {T}, journal = {J}, year = 2024,\n"
        " award = {ACM SIGSOFT Distinguished Artifact}}\n",
    )
    assert result.awards == ["ACM SIGSOFT Distinguished Artifact"]


def test_an_entry_without_its_required_fields_is_written_as_misc(tmp_path: Path) -> None:
    result = _bib(tmp_path, "@article{a, author = {D, J}, title = {T}, year = 1905}\n")
    assert result.bibtex.startswith("@misc{a,")
    assert any("without journal" in p.message for p in result.problems)


def test_rendercv_sections_become_data_file_sections() -> None:
    text = (
        "cv:\n  name: Jane Doe\n  headline: Researcher\n  email: jane@example.org\n"
        "  social_networks:\n    - network: GitHub\n      username: jdoe\n"
        "  sections:\n"
        "    education:\n      - institution: U\n        area: Physics\n        degree: PhD\n"
        "        start_date: 2019-09\n        end_date: present\n"
        "    experience:\n      - company: C\n        position: Engineer\n"
        "        start_date: 2015\n        end_date: 2018\n"
        "    awards:\n      - name: Prize\n        date: 2020-05\n"
        "    publications:\n      - title: P\n        authors: [Jane Doe]\n"
    )
    document = parse_yaml(text, YamlDocument("cv.yaml", None))
    result = Imported()
    read_rendercv(document, result)
    assert result.cv["name"] == "Jane Doe"
    assert result.cv["position"] == "Researcher"
    assert result.cv["contact"]["profiles"] == [
        {"label": "GitHub", "url": "https://github.com/jdoe"}
    ]
    kinds = [(s["type"], s["title"]) for s in result.sections]
    assert kinds == [("education", "Education"), ("experience", "Experience"), ("awards", "Awards")]
    assert result.sections[0]["items"][0]["end"] == "present"
    assert [p.code for p in result.problems] == ["IMP101"]  # publications: refs.bib's
    assert result.problems[0].line == 23


def test_json_resume_entries_become_data_file_sections() -> None:
    data = {
        "basics": {
            "name": "Jane Doe",
            "label": "Researcher",
            "profiles": [{"network": "X", "username": "jd"}],
        },
        "work": [{"name": "C", "position": "Engineer", "startDate": "2015-01", "endDate": "2018"}],
        "education": [
            {"institution": "U", "area": "Physics", "studyType": "PhD", "startDate": "2019"}
        ],
        "skills": [{"name": "Python", "keywords": ["typing", "testing"]}],
        "references": [{"name": "R"}],
    }
    result = Imported()
    read_resume(data, "{}", "resume.json", result)
    assert result.cv["contact"]["profiles"] == [{"label": "X", "url": "https://x.com/jd"}]
    by_type = {s["type"]: s for s in result.sections}
    assert by_type["experience"]["items"][0] == {
        "organization": "C",
        "role": "Engineer",
        "start": "2015-01",
        "end": "2018",
    }
    assert by_type["education"]["items"][0]["degree"] == "PhD in Physics"
    assert by_type["skills"]["items"][0] == {"label": "Python", "text": "typing, testing"}
    assert any("references" in p.message for p in result.problems)
