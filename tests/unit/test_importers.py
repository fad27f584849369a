"""The importers' mappers on literal inputs: marks, titles, dates, text, CV entries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bibfolio.importers.common import Imported, Source, markdown_to_prose, month_of, span_of
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


def test_news_text_keeps_words_emphasis_and_http_links_only() -> None:
    text, dropped = markdown_to_prose(
        ":memo: Our [paper](https://example.org/p) *is* in <i>ICSE</i>, "
        '<a href="https://example.org/q">with <b>code</b></a>. '
        "[local](assets/x.pdf) [bad](javascript:alert(1)) {% link x.md %} 5*3 [@key] "
        "<!-- hidden -->"
    )
    assert "[paper](https://example.org/p)" in text
    assert "*is* in *ICSE*" in text
    assert "[with code](https://example.org/q)" in text
    assert dropped == 1  # a link to a file of the site: its text kept
    assert "local" in text
    assert "[bad] (javascript" in text  # no link: printed as written
    for gone in ("](assets", "](javascript", "hidden", ":memo:", "{%", "[@"):
        assert gone not in text
    assert "5\u22173" in text  # a star that marks nothing prints as written


def test_news_text_is_prose_the_data_file_reads_as_written() -> None:
    from bibfolio.model.prose import prose  # noqa: PLC0415

    text, _ = markdown_to_prose("**Jan 2024**: *a* and [b *c*](https://x.org) # $ \\_")
    kinds = [segment.kind for segment in prose(text)]
    assert kinds == ["strong", "text", "emph", "text", "link", "text"]
    assert text.endswith("# $ _")  # Markdown's escape read, the rest as written


def _has(bib: str, name: str, value: str) -> bool:
    """Whether the rewritten bibliography has the field with this value (aligned as it is)."""
    return re.search(rf"^  {name}\s+= {re.escape(value)},$", bib, re.MULTILINE) is not None


def _bib(tmp_path: Path, text: str) -> Imported:
    (tmp_path / "_bibliography").mkdir()
    (tmp_path / "_bibliography" / "papers.bib").write_text(text, encoding="utf-8")
    result = Imported()
    import_papers(Source(tmp_path, result), "_bibliography/papers.bib", result)
    return result


def test_al_folio_fields_are_kept_mapped_or_reported_once_per_entry(tmp_path: Path) -> None:
    (tmp_path / "assets" / "pdf").mkdir(parents=True)
    (tmp_path / "assets" / "pdf" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    result = _bib(
        tmp_path,
        "---\n---\n@inproceedings{a, author = {Doe*, Jane and Roe*, Rob}, title = {T},\n"
        " booktitle = {B}, year = 2024, pdf = {a.pdf}, website = {https://a.org},\n"
        " arxiv = {https://arxiv.org/abs/2401.00001}, abbr = {B}, selected = true,\n"
        " blog = {https://b.org}, poster = {poster.pdf}, doi = {https://doi.org/10.1234/x},\n"
        " award_name = {Best Paper}, award = {Given for *this*}, month = jan,\n"
        " author_note = {* equal}, url = {https://c.org}, url = {https://d.org}}\n",
    )
    bib = result.bibtex
    assert _has(bib, "author", "{Doe, Jane and Roe, Rob}")
    assert _has(bib, "equalcontrib", "{1, 2}")
    assert _has(bib, "pdf", "{files/a.pdf}")
    assert result.files == {"a.pdf": tmp_path / "assets" / "pdf" / "a.pdf"}
    assert _has(bib, "website", "{https://a.org}")  # bibfolio reads al-folio's link fields
    assert _has(bib, "blog", "{https://b.org}")
    assert _has(bib, "arxiv", "{2401.00001}")
    assert _has(bib, "selected", "{true}")
    assert _has(bib, "doi", "{10.1234/x}")
    assert _has(bib, "award", "{Best Paper}")
    assert _has(bib, "month", "jan")
    assert _has(bib, "url", "{https://c.org}")
    for gone in ("abbr", "poster", "Given for", "author_note", "d.org"):
        assert gone not in bib
    assert [(p.code, p.line) for p in result.problems] == [("IMP103", 3)]  # one line, the entry
    message = result.problems[0].message
    for said in ("poster", "author_note", "equalcontrib", "doi", "arxiv", "abbr", "a second url"):
        assert said in message
    assert result.awards == []  # Best Paper is known


def test_a_field_the_build_would_stop_on_is_left_out(tmp_path: Path) -> None:
    result = _bib(
        tmp_path,
        "@article{a, author = {D, J}, title = {T}, journal = {J}, year = 2024,\n"
        " pages = {arXiv-2506}, code = {a b}}\n"
        "@article{b, author = {D, J}, title = {T}, journal = {J}, year = 2024,\n"
        " pages = {140:1--140:28}}\n",
    )
    assert "arXiv" not in result.bibtex
    assert re.search(r"pages\s+= \{140\}", result.bibtex)
    assert [p.code for p in result.problems] == ["IMP103", "IMP104"]
    assert "pages left out" in result.problems[0].message


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
    assert result.cv["contact"]["profiles"] == [{"service": "github", "id": "jdoe"}]
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
    assert result.cv["contact"]["profiles"] == [{"service": "x", "id": "jd"}]
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


def test_sections_with_no_type_of_their_own_become_dated_entries() -> None:
    text = (
        "cv:\n  name: Jane Doe\n  sections:\n"
        "    lectures:\n      - name: On Agents\n        location: Paris\n        date: 2024-05\n"
        "      - name: A Course\n        start_date: 2021-09\n        end_date: present\n"
    )
    result = Imported()
    read_rendercv(parse_yaml(text, YamlDocument("cv.yaml", None)), result)
    assert result.sections == [
        {
            "type": "entries",
            "title": "Lectures",
            "items": [
                {"title": "On Agents", "date": "2024-05", "location": "Paris"},
                {"title": "A Course", "start": "2021-09", "end": "present"},
            ],
        }
    ]
    resume = Imported()
    project = {"name": "Tool", "url": "https://tool.org", "startDate": "2020-01"}
    read_resume({"basics": {"name": "J"}, "projects": [project]}, "{}", "r.json", resume)
    assert resume.sections[0]["type"] == "entries"
    assert resume.sections[0]["items"] == [{"title": "[Tool](https://tool.org)", "date": "2020-01"}]


def test_authors_listed_with_commas_are_written_with_and(tmp_path: Path) -> None:
    result = _bib(
        tmp_path,
        "@article{a, author = {吴正浩, 周天航, 蓝兴英, 徐春明}, title = {T}, journal = {J},\n"
        " year = 2023}\n"
        "@article{b, author = {Doe, Jane}, title = {U}, journal = {J}, year = 2023}\n",
    )
    assert _has(result.bibtex, "author", "{吴正浩 and 周天航 and 蓝兴英 and 徐春明}")
    assert _has(result.bibtex, "author", "{Doe, Jane}")  # one name, family name first
    assert [p.code for p in result.problems] == ["IMP104"]
    assert "commas" in result.problems[0].message


def test_an_author_list_cut_short_is_kept_and_the_check_set_aside(tmp_path: Path) -> None:
    result = _bib(
        tmp_path,
        "@article{a, author = {Doe, Jane and Roe, Rob and others}, title = {T}, journal = {J},\n"
        " year = 2023}\n",
    )
    assert _has(result.bibtex, "author", "{Doe, Jane and Roe, Rob and others}")
    assert result.ignore == ["BIB111"]
    assert "et al." in result.problems[0].message
