"""Publication fields parsed once (bibfolio.model.publication): what the model holds, and
the located problem for each value it cannot take (the value is then left out)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibfolio.diagnostics import Problem
from bibfolio.load.bibtex import parse
from bibfolio.model.names import Owner
from bibfolio.model.publication import (
    Presentation,
    Publication,
    Rules,
    Status,
    parse_presentations,
    parse_status,
    read_publication,
)

ENTRY = r"""@InProceedings{k1,
  title = {Learning {RL} with M{\"u}ller's \& Co.},
  author = {Ng, Ada and M{\"u}ller, J. and Smith, Jr., John},
  booktitle = {Conf. on Fixtures (CF)},
  year = {2024}, month = {Sept.},
  pages = {12--34},
  doi = {10.1000/xyz},
  eprint = {2401.01234v2}, archiveprefix = {arXiv},
  pdf = {https://a.example/p.pdf}, code = {https://c.example},
  equalcontrib = {1, 2}, alphabetical = {yes}, award = {Spotlight},
  presented = {Workshop A, 2023, Oral; Workshop B, Part 2, 2022},
  pubstate = {under review at Journal X}, extended = {accepted at Journal Y},
  themes = {rl; structure},
  abstract = {An {abstract}.},
}
"""
RULES = Rules(owner=Owner("Ada Ng"), themes=frozenset({"rl", "structure"}))


def read(
    source: str, rules: Rules = RULES, path: str = "refs.bib"
) -> tuple[Publication, list[str]]:
    bib = parse(source, path)
    assert bib.problems == []
    publication, problems = read_publication(bib, bib.entries[0], 0, rules)
    return publication, [f"{p.line}:{p.col} {p.code} {p.message}" for p in problems]


def test_every_field_read_as_plain_values() -> None:
    pub, problems = read(ENTRY)
    assert problems == []
    assert (pub.key, pub.type, pub.line, pub.path) == ("k1", "inproceedings", 1, "refs.bib")
    assert pub.title == "Learning RL with Müller's & Co."
    assert [a.display for a in pub.authors] == ["Ada Ng", "J. Müller", "John Smith, Jr."]
    assert (pub.year, pub.month, pub.pages) == ("2024", 9, "12–34")
    assert (pub.doi, pub.arxiv) == ("10.1000/xyz", "2401.01234v2")
    assert pub.links == (("pdf", "https://a.example/p.pdf"), ("code", "https://c.example"))
    assert pub.local_pdf is None
    assert pub.equal == frozenset({1, 2})
    assert pub.alphabetical
    assert pub.award == "Spotlight"
    assert pub.presented == (
        Presentation("Workshop A", "2023", "Oral"),
        Presentation("Workshop B, Part 2", "2022"),
    )
    assert pub.pubstate == Status("under review", "Journal X")
    assert pub.pubstate.pending
    assert pub.extended == Status("accepted", "Journal Y")
    assert not pub.extended.pending
    assert pub.themes == ("rl", "structure")
    assert pub.abstract == "An abstract."


def test_the_bibtex_shown_keeps_values_as_written_without_bibfolios_own_fields() -> None:
    pub, _ = read(ENTRY)
    assert pub.bibtex.splitlines()[0] == "@inproceedings{k1,"
    assert "  title         = {Learning {RL} with M{\\\"u}ller's \\& Co.}," in pub.bibtex
    for own in ("themes", "equalcontrib", "alphabetical", "award", "presented", "pubstate"):
        assert own not in pub.bibtex
    for kept in ("booktitle", "doi", "eprint", "archiveprefix", "month"):
        assert kept in pub.bibtex
    assert pub.bibtex.endswith("\n}")


ALFOLIO = r"""@article{k,
  abbr = {PR}, bibtex_show = {true}, selected = {true}, preview = {p.gif},
  author = {Ng*, Ada and Li*\(^\dagger\), Bo},
  title = {A}, journal = {J}, year = {1935},
  arxiv = {2401.01234}, website = {https://w.example}, html = {https://h.example},
  supp = {https://s.example}, blog = {https://b.example}, timestamp = {today},
}
"""


def test_al_folio_links_are_read_and_its_other_fields_kept_out_of_the_bibtex_shown() -> None:
    pub, problems = read(ALFOLIO)
    assert [a.display for a in pub.authors] == ["Ada Ng", "Bo Li"], "no mark in a name"
    assert [a.inverted for a in pub.authors] == ["Ng, Ada", "Li, Bo"]
    assert problems == [
        (
            "3:12 BIB142 authors 1, 2 of 'k' carry a mark in the name ('Ng*, Ada', "
            "'Li*\\(^\\dagger\\), Bo'): write equalcontrib = {1, 2} and remove the marks"
        )
    ]
    assert pub.arxiv == "2401.01234"
    assert pub.links == (
        ("website", "https://w.example"),
        ("html", "https://h.example"),
        ("supp", "https://s.example"),
        ("blog", "https://b.example"),
    )
    shown = [line.split("=")[0].strip() for line in pub.bibtex.splitlines()[1:-1]]
    assert shown == ["author", "title", "journal", "year", "eprint", "archiveprefix"]
    assert "  eprint        = {2401.01234}," in pub.bibtex


# field, value, the problem, and the attribute the value is left out of ("": kept)
CASES = [
    ("author", "{}", "BIB110 the author list of 'k' is empty", "authors"),
    ("author", "{Ng, Ada and and Li, Bo}", "BIB110 empty name in the author list of 'k'", ""),
    ("author", "{Ng, Ada and others}", "BIB111 the author list of 'k' ends with 'others'", ""),
    ("author", "{Ng, Ada, Jr, III}", "BIB112 author 1 of 'k', 'Ng, Ada, Jr, III', has", "authors"),
    ("author", "{Li, Bo}", "BIB113 'Ada Ng' is not among the authors of 'k'", ""),
    ("year", "{24}", "BIB120 year '24' of 'k' is not 4 digits", "year"),
    ("month", "{Febr}", "BIB121 month 'Febr' of 'k'", "month"),
    ("month", "{13}", "BIB121 month '13' of 'k'", "month"),
    ("pages", "{12 to 34}", "BIB122 pages '12 to 34' of 'k'", "pages"),
    ("pages", "{12-34}", "BIB303 pages '12-34' of 'k': write '--'", ""),
    (
        "doi",
        "{https://doi.org/10.1000/x}",
        "BIB123 DOI 'https://doi.org/10.1000/x' of 'k' (write 10.1000/x)",
        "doi",
    ),
    ("eprint", "{arXiv:24.1}", "BIB124 arXiv identifier 'arXiv:24.1' of 'k'", "arxiv"),
    ("code", "{javascript:alert(1)}", "BIB125 code of 'k' is 'javascript:alert(1)'", "links"),
    ("url", "{ftp://x.example}", "BIB125 url of 'k' is 'ftp://x.example'", "url"),
    ("equalcontrib", "{first}", "BIB130 equalcontrib 'first' of 'k' is not a list", "equal"),
    (
        "equalcontrib",
        "{1, 3}",
        "BIB130 equalcontrib of 'k' names position 3, but the entry has 1 author",
        "equal",
    ),
    ("alphabetical", "{maybe}", "BIB131 alphabetical 'maybe'", "alphabetical"),
    ("selected", "{maybe}", "BIB136 selected 'maybe'", "selected"),
    ("award", "{Best Talk}", "BIB132 award 'Best Talk' of 'k'", "award"),
    ("presented", "{Workshop, 2023, Best Talk}", "BIB132 award 'Best Talk' in presented", ""),
    ("pubstate", "{pending somewhere}", "BIB133 pubstate 'pending somewhere' of 'k'", "pubstate"),
    ("extended", "{soon}", "BIB133 extended 'soon' of 'k'", "extended"),
    ("presented", "{Workshop}", "BIB134 presented 'Workshop' of 'k'", "presented"),
    ("themes", "{quantum}", "BIB135 'k' names theme 'quantum', which has no page", ""),
]


@pytest.mark.parametrize(("field", "value", "expected", "left_out"), CASES)
def test_a_value_it_cannot_take_is_a_problem_at_the_value(
    field: str, value: str, expected: str, left_out: str
) -> None:
    source = f"@misc{{k,\n  author = {{Ng, Ada}},\n  {field} = {value},\n}}\n"
    if field == "author":
        source = f"@misc{{k,\n  {field} = {value},\n}}\n"
    pub, problems = read(source)
    line = 2 if field == "author" else 3
    col = len(f"  {field} = ") + 1
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{line}:{col} {expected}")
    if left_out:
        assert not getattr(pub, left_out), "a rejected value is left out of the model"


def test_settings_widen_what_is_accepted() -> None:
    source = "@misc{k, author = {Ng, Ada}, award = {Best Talk}, themes = {quantum}}"
    _, problems = read(source, Rules(owner=Owner("Ada Ng"), awards=frozenset({"Best Talk"})))
    assert problems == [], "themes=None: no theme pages to check against"
    _, anyone = read("@misc{k, author = {Li, Bo}}", Rules())
    assert anyone == [], "no owner: nobody to look for"


def test_a_local_pdf_must_be_a_pdf_inside_the_files_folder(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "paper.pdf").write_bytes(b"%PDF-1.7\n")
    (files / "notes.pdf").write_text("not a PDF", encoding="utf-8")
    (tmp_path / "outside.pdf").write_bytes(b"%PDF-1.7\n")
    rules = Rules(files_dir=files)

    def local(value: str) -> tuple[Path | None, list[Problem]]:
        bib = parse(f"@misc{{k,\n  pdf = {{{value}}},\n}}\n", "refs.bib")
        bib.folder = tmp_path
        pub, problems = read_publication(bib, bib.entries[0], 0, rules)
        return pub.local_pdf, problems

    assert local("files/paper.pdf") == ((files / "paper.pdf").resolve(), [])
    for value, code in (
        ("files/missing.pdf", "BIB127"),
        ("example_pdf.pdf", "BIB127"),  # al-folio's: a name in assets/pdf/
        ("files/notes.pdf", "BIB128"),
        ("outside.pdf", "BIB126"),
    ):
        found, problems = local(value)
        assert found is None
        assert [(p.code, p.line, p.col) for p in problems] == [(code, 2, 9)], value
    (tmp_path / "assets" / "pdf").mkdir(parents=True)
    (tmp_path / "assets" / "pdf" / "example_pdf.pdf").write_bytes(b"%PDF-1.7\n")
    _, problems = local("example_pdf.pdf")
    assert problems[0].message == (
        "pdf 'example_pdf.pdf' of 'k' does not exist here (al-folio's assets/pdf/example_pdf.pdf "
        "does): move it to files/ and write pdf = {files/example_pdf.pdf}"
    )
    _, problems = local("paper.pdf")
    assert problems[0].message.endswith("does not exist: write pdf = {files/paper.pdf}")
    found, problems = local("../etc/passwd")
    assert found is None
    assert [p.code for p in problems] == ["BIB125"], "'..' is no file of the project"


def test_status_and_presentations_parse() -> None:
    assert parse_status("Under Review at  Management Science (MS)") == Status(
        "under review", "Management Science (MS)"
    )
    assert parse_status("to appear") == Status("to appear")
    assert parse_status("published") is None
    assert parse_presentations("A, 2023, Oral; B, Part 2, 2022") == (
        Presentation("A", "2023", "Oral"),
        Presentation("B, Part 2", "2022"),
    )
    assert parse_presentations("A, 2023; B, 20") is None


def test_selected_is_al_folios_flag_kept_out_of_the_bibtex_shown() -> None:
    pub, problems = read("@misc{k,\n  author = {Ng, Ada},\n  selected = {true},\n}\n")
    assert problems == []
    assert pub.selected
    assert "selected" not in pub.bibtex
    assert not read("@misc{k,\n  author = {Ng, Ada},\n}\n")[0].selected
