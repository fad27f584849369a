"""Every diagnostic code, as data: what it means, how to fix it, a small input that triggers it.

A code never changes meaning once released. The area prefix says which input
(BIB the bibliography, CV the data file, PAGE the pages), the hundreds the stage:
0xx reading and syntax, 1xx the form of one entry or value, 2xx references
between entries, pages and data, 3xx style. The guide's page of codes and the
golden tests (tests/check/<CODE>/) are made from this table.
"""

from __future__ import annotations

from bibfolio.diagnostics.problem import Code, Severity

E = Severity.ERROR
W = Severity.WARNING

CODES: tuple[Code, ...] = (
    # -- BibTeX: reading and syntax --
    Code(
        "BIB001",
        E,
        "file is not UTF-8",
        "Save the file as UTF-8 (most editors offer it under 'Save with encoding').",
        b"@article{key, title = {Caf\xe9}}\n".decode("latin-1"),
    ),
    Code(
        "BIB002",
        E,
        "NUL byte in the file",
        "The file holds binary data at this place; remove it.",
        "@article{key, title = {A\x00}}\n",
    ),
    Code(
        "BIB003",
        E,
        "bibliography that cannot be read",
        "The bibliography is a file you can read: not a folder, nor a link that leads "
        "nowhere or to itself. Check its path ([tool.bibfolio] bibliography in "
        "pyproject.toml, or bibtex_bibfiles in conf.py).",
        "(refs.bib is a folder)",
    ),
    Code(
        "BIB004",
        E,
        "bibliography outside the project",
        "The bibliography is published on the site and quoted in messages: keep it in the "
        "project (refs.bib, or a path in the folder of pyproject.toml given as "
        "[tool.bibfolio] bibliography), not a link to a file elsewhere.",
        '[tool.bibfolio]\nbibliography = ["/etc/hosts"]\n',
        "pyproject.toml",
    ),
    Code(
        "BIB010",
        E,
        "'@' not followed by an entry type",
        "After '@' comes the entry type, a name such as article; outside entries, an '@' starts a new entry even in a comment, so write 'at' there instead.",
        "@2024{key, title = {A}}\n",
    ),
    Code(
        "BIB011",
        E,
        "entry type not followed by '{' or '('",
        "Write the entry as @type{key, ...}; an entry type is one word.",
        "@article key, title = {A}}\n",
    ),
    Code(
        "BIB012",
        E,
        "missing entry key",
        "Every entry starts with its key: @article{smith2024, ...}.",
        "@article{, title = {A}}\n",
    ),
    Code(
        "BIB013",
        E,
        "'=' missing after a field name",
        "Fields are written name = {value}; a field name is one word.",
        "@article{key, title {A}}\n",
    ),
    Code(
        "BIB014",
        E,
        "missing or malformed field value",
        'A value is {text}, "text", a number or an @string name, joined by #.',
        "@article{key, title = ,}\n",
    ),
    Code(
        "BIB015",
        E,
        "unbalanced braces: '}' without '{'",
        "Remove the extra '}' or add the '{' it closes.",
        '@article{key, title = "A}B"}\n',
    ),
    Code(
        "BIB016",
        E,
        "brace or quote never closed",
        "Close the brace or quote; an unclosed value swallows the entries after it.",
        "@article{key, title = {A,\n\n@misc{other, title = {B}}\n",
    ),
    Code(
        "BIB017",
        E,
        "missing comma or closing delimiter after a field",
        "Separate fields with commas and close the entry with the delimiter it opened with.",
        "@article{key, title = {A} year = 2024}\n",
    ),
    Code(
        "BIB018",
        E,
        "entry not closed before the end of the file",
        "Close the entry with '}' (or ')' if it opened with '(').",
        "@article{key, title = {A},\n",
    ),
    Code(
        "BIB019",
        E,
        "undefined @string macro",
        "Define it with @string{name = {text}} before its first use, or brace the value: {text}.",
        "@article{key, journal = jnl}\n",
    ),
    Code(
        "BIB020",
        E,
        "field-like text outside an entry",
        "An entry ended before this text, so BibTeX ignores it: look for an extra '}' above.",
        "@article{key, title = {A}},\n  year = 2024}\n",
    ),
    Code(
        "BIB021",
        E,
        "braces nested too deep",
        "Real titles and names nest braces a few levels deep at most; more than 32 levels is a mistake (or a file made to break tools): remove the extra braces.",
        "@misc{key, title = {" + "{" * 40 + "A" + "}" * 40 + "}}\n",
    ),
    Code(
        "BIB022",
        E,
        "value too long",
        "A field's value, with its @string macros expanded, is at most 100,000 characters; look for a macro that repeats itself (s2 = s1 # s1) or a brace that swallows the file.",
        '@string{a = "' + "x" * 60_000 + '"}\n@string{b = a # a}\n',
    ),
    # -- BibTeX: the form of one entry or value --
    Code(
        "BIB101",
        E,
        "duplicate field in an entry",
        "BibTeX keeps one of them and pybtex drops the entries that follow; keep one.",
        "@article{key, title = {A}, Title = {B}}\n",
    ),
    Code(
        "BIB102",
        E,
        "required field missing",
        "BibTeX styles need this field for this entry type; add it, or use a type that fits.",
        "@article{key, author = {Lu, Miao}, title = {A}, year = 2024}\n",
    ),
    Code(
        "BIB103",
        W,
        "unknown entry type",
        "BibTeX styles treat it as @misc; use a standard type (article, inproceedings, misc, ...).",
        "@paper{key, author = {Lu, Miao}, title = {A}, year = 2024}\n",
    ),
    Code(
        "BIB104",
        E,
        "entry key with a character keys should not hold",
        "Keys are letters, digits and - _ : . / + only: such a key works in LaTeX's \\cite, in page citations and in addresses.",
        "@misc{lu`2024, author = {Lu, Miao}, title = {A}}\n",
    ),
    Code(
        "BIB110",
        E,
        "empty name in a name list",
        "Names are separated by a single 'and': look for 'and and' or an 'and' at either end.",
        "@misc{key, author = {Lu, Miao and and Li, Bin}, title = {A}}\n",
    ),
    Code(
        "BIB111",
        W,
        "'others' or 'et al.' in a name list",
        "A CV lists every author: write all the names.",
        "@misc{key, author = {Lu, Miao and others}, title = {A}}\n",
    ),
    Code(
        "BIB112",
        E,
        "name that BibTeX cannot split",
        "A name has at most two commas: 'von Last, Jr, First'; brace a corporate name: {ACME Inc.}.",
        "@misc{key, author = {Lu, Miao, Jr, III}, title = {A}}\n",
    ),
    Code(
        "BIB113",
        W,
        "the owner is not among the authors",
        "Check the spelling of the owner's name, or add a spelling to 'aliases' in the data file.",
        "@misc{key, author = {Li, Bin}, title = {A}}\n",
    ),
    Code(
        "BIB120",
        E,
        "malformed year",
        "Write the year as four digits: year = 2024.",
        "@misc{key, author = {Lu, Miao}, title = {A}, year = {24}}\n",
    ),
    Code(
        "BIB121",
        E,
        "malformed month",
        "Use a month macro (month = feb), a month name or a number from 1 to 12.",
        "@misc{key, author = {Lu, Miao}, title = {A}, month = {Febr}}\n",
    ),
    Code(
        "BIB122",
        E,
        "malformed page range",
        "Write pages as 12--34, a single page (12) or an article number (e1234).",
        "@misc{key, author = {Lu, Miao}, title = {A}, pages = {12 to 34}}\n",
    ),
    Code(
        "BIB123",
        E,
        "malformed DOI",
        "Write the bare DOI, 10.prefix/suffix, without https://doi.org/ or doi:.",
        "@misc{key, author = {Lu, Miao}, title = {A}, doi = {https://doi.org/10.1000/xyz}}\n",
    ),
    Code(
        "BIB124",
        E,
        "malformed arXiv identifier",
        "Write the identifier alone: eprint = {2401.01234} (or an old one such as math/0601001).",
        "@misc{key, author = {Lu, Miao}, title = {A}, eprint = {arXiv:2401.1}, archiveprefix = {arXiv}}\n",
    ),
    Code(
        "BIB125",
        E,
        "address that is not http(s)",
        "Links must start with https:// or http://; a PDF may also be a file path in the project.",
        "@misc{key, author = {Lu, Miao}, title = {A}, url = {javascript:alert(1)}}\n",
    ),
    Code(
        "BIB126",
        E,
        "local file outside the files folder",
        "Files published with the site (a paper's PDF) live in the files folder (files/ beside pyproject.toml unless [tool.bibfolio] files says otherwise): move it there and give its path from the .bib file's folder, such as files/paper.pdf.",
        "@misc{key, author = {Lu, Miao}, title = {A}, pdf = {refs.bib}}\n",
    ),
    Code(
        "BIB127",
        E,
        "local file that does not exist",
        "Check the path: it is relative to the folder of the .bib file (files/paper.pdf).",
        "@misc{key, author = {Lu, Miao}, title = {A}, pdf = {files/missing.pdf}}\n",
    ),
    Code(
        "BIB128",
        E,
        "local file that is not a PDF",
        "The pdf field names a PDF file (one that starts with %PDF-); link other files by address.",
        "@misc{key, author = {Lu, Miao}, title = {A}, pdf = {files/notes.pdf}}\n",
    ),
    Code(
        "BIB130",
        E,
        "equal-contribution positions that do not exist",
        "equalcontrib lists author positions, 1 for the first author: equalcontrib = {1, 2}.",
        "@misc{key, author = {Lu, Miao and Li, Bin}, title = {A}, equalcontrib = {1, 3}}\n",
    ),
    Code(
        "BIB131",
        E,
        "alphabetical is not true or false",
        "Write alphabetical = {true} when the authors are in alphabetical order.",
        "@misc{key, author = {Lu, Miao}, title = {A}, alphabetical = {yes please}}\n",
    ),
    Code(
        "BIB132",
        E,
        "award not in the known set",
        "Known awards: Oral, Oral presentation, Spotlight, Spotlight presentation, Best Paper, Best Paper Award, Best Student Paper, Outstanding Paper, Outstanding Paper Award, Honorable Mention, Distinguished Paper; add others under [tool.bibfolio] awards in pyproject.toml.",
        "@misc{key, author = {Lu, Miao}, title = {A}, award = {Oral!}}\n",
    ),
    Code(
        "BIB133",
        E,
        "unknown publication state",
        "Write 'state' or 'state at venue', the state one of: in preparation, submitted, under review, under conference review, under major revision, under minor revision, accepted, to appear.",
        "@misc{key, author = {Lu, Miao}, title = {A}, pubstate = {sent somewhere}}\n",
    ),
    Code(
        "BIB134",
        E,
        "malformed other presentation",
        "Write 'venue, year' or 'venue, year, award'; separate several with ';'.",
        "@misc{key, author = {Lu, Miao}, title = {A}, presented = {Some Workshop}}\n",
    ),
    Code(
        "BIB135",
        E,
        "theme without a page",
        "Each theme is a page docs/research/<theme>.md: create it or fix the name.",
        "@misc{key, author = {Lu, Miao}, title = {A}, themes = {quantum}}\n",
    ),
    Code(
        "BIB136",
        E,
        "selected is not true or false",
        "Write selected = {true} for a paper the home page shows among the selected ones.",
        "@misc{key, author = {Lu, Miao}, title = {A}, selected = {maybe}}\n",
    ),
    Code(
        "BIB140",
        W,
        "field that bibfolio does not read",
        "bibfolio reads BibTeX's and biblatex's fields and its own (the guide's bibliography "
        "page lists them, and which make links): fix the name, or remove the field.",
        "@misc{key, author = {Lu, Miao}, title = {A}, websit = {https://example.org}}\n",
    ),
    Code(
        "BIB141",
        W,
        "al-folio display field",
        "bibfolio decides how a paper looks itself and ignores these fields: remove them "
        "(bibfolio check --fix removes every such field).",
        "@misc{key, author = {Lu, Miao}, title = {A}, bibtex_show = {true}}\n",
    ),
    Code(
        "BIB142",
        W,
        "mark written into an author's name",
        "Marks are data, not part of a name: remove it from the name and list the authors "
        "who contributed equally in equalcontrib = {1, 2} (bibfolio check --fix does both); "
        "written into the name, it would reach Google Scholar's tags as part of it.",
        "@misc{key, author = {Lu*, Miao and Li*, Bin}, title = {A}}\n",
    ),
    # -- BibTeX: references between entries, pages and data --
    Code(
        "BIB201",
        E,
        "duplicate entry key",
        "BibTeX compares keys without case; pybtex drops every entry after the duplicate. Rename or remove one.",
        "@misc{key, title = {A}}\n@misc{Key, title = {B}}\n",
    ),
    Code(
        "BIB202",
        E,
        "the same DOI twice",
        "Two entries describe the same work: keep one.",
        "@misc{a, title = {A}, doi = {10.1/x}}\n@misc{b, title = {B}, doi = {10.1/X}}\n",
    ),
    Code(
        "BIB203",
        E,
        "the same arXiv identifier twice",
        "Two entries describe the same work: keep one (record versions in the same entry).",
        "@misc{a, title = {A}, eprint = {2401.01234}}\n@misc{b, title = {B}, eprint = {2401.01234v2}}\n",
    ),
    Code(
        "BIB204",
        W,
        "the same title, first author and venue twice",
        "Probably the same work entered twice: keep one. (Versions at two venues, say a workshop's and a conference's, are two papers and get no warning; or record the workshop in the other's presented field.)",
        "@misc{a, author = {Lu, Miao}, title = {Deep {RL} Today}}\n@misc{b, author = {Lu, M.}, title = {Deep {RL} today.}}\n",
    ),
    Code(
        "BIB205",
        E,
        "crossref to a missing entry",
        "crossref and xref name the key of another entry in the bibliography.",
        "@inproceedings{a, title = {A}, crossref = {proc2099}}\n",
    ),
    Code(
        "BIB206",
        E,
        "crossref cycle",
        "Entries inherit fields along crossref; a cycle never ends. Break it.",
        "@misc{a, title = {A}, crossref = {b}}\n@misc{b, title = {B}, crossref = {a}}\n",
    ),
    Code(
        "BIB207",
        E,
        "two keys that make the same anchor",
        "A paper's entry on a page is found at #cite-<key>, where every character but "
        "letters and digits becomes '-' (and accents are dropped): rename one of the keys.",
        "@misc{a/b, author = {Lu, Miao}, title = {A}, year = 2024}\n"
        "@misc{a:b, author = {Lu, Miao}, title = {B}, year = 2024}\n",
    ),
    Code(
        "BIB210",
        E,
        "citation of a key that is not in the bibliography",
        "Fix the key, or add the entry to the .bib file.",
        "See {cite}`nosuchkey2099`.\n",
        "docs/page.md",
    ),
    Code(
        "BIB211",
        W,
        "entry shown on no page",
        "Cite it on a page, or add a page with the {publications} directive.",
        "@misc{lonely, author = {Lu, Miao}, title = {A}}\n",
    ),
    # -- BibTeX: style --
    Code(
        "BIB301",
        E,
        "look-alike Unicode where ASCII is meant",
        "Replace it with the ASCII character: a typographic dash or quote in a key, DOI or page range breaks links and citations.",
        "@misc{key\u2212a, title = {A}}\n",  # U+2212 MINUS SIGN in the key
    ),
    Code(
        "BIB302",
        W,
        "unprotected acronym in a title",
        "BibTeX styles lower-case titles; protect it with braces: {RLHF}.",
        "@misc{key, author = {Lu, Miao}, title = {Aligning LLMs}}\n",
    ),
    Code(
        "BIB303",
        W,
        "page range with a single hyphen",
        "Write page ranges with two hyphens (12--34): BibTeX prints an en dash.",
        "@misc{key, author = {Lu, Miao}, title = {A}, pages = {12-34}}\n",
    ),
    # -- Data file: reading and syntax --
    Code(
        "CV001",
        E,
        "YAML syntax error",
        "Check the indentation and the ':' after each key; quote text that holds ': ' or '#'.",
        "name: [Miao Lu\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV002",
        E,
        "key given twice",
        "YAML keeps only the last of them; remove one.",
        "name: A\nname: B\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV003",
        E,
        "data file is not UTF-8",
        "Save the file as UTF-8.",
        b"name: Caf\xe9\n".decode("latin-1"),
        "docs/cv.yaml",
    ),
    Code(
        "CV004",
        E,
        "NUL byte in the data file",
        "The file holds binary data at this place; remove it.",
        "name: A\x00\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV005",
        E,
        "YAML that cannot be read safely",
        "Write the values out: nesting deeper than 50 levels, aliases (*name) that expand to more than 100,000 values or name the value they are in, and YAML tags (!name) are refused.",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV006",
        E,
        "data file outside the project",
        "The data file is read into the site and quoted in messages: keep it in the project "
        "(docs/cv.yaml, or a path in the folder of pyproject.toml given as [tool.bibfolio] "
        "data), not a link to a file elsewhere.",
        '[tool.bibfolio]\ndata = "/etc/hosts"\n',
        "pyproject.toml",
    ),
    Code(
        "CV007",
        E,
        "data file that cannot be read",
        "The data file is a file you can read: not a folder, nor a link that leads nowhere "
        "or to itself. Check its path ([tool.bibfolio] data, or bibfolio_data in conf.py).",
        "(docs/cv.yaml is a folder)",
        "docs/cv.yaml",
    ),
    # -- Data file: the form of a value --
    Code(
        "CV101",
        E,
        "unknown key",
        "Check the spelling; the schema (docs/cv.schema.json) lists the keys each part accepts.",
        "name: A\nupdated: 2025-09\nnmae: B\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV102",
        E,
        "wrong type or missing value",
        "Give the value the form the message names; quote text that YAML would read as a number, a date or true/false.",
        "name: A\nupdated: 2025-09\naliases: Lu\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV103",
        E,
        "impossible or malformed date",
        "Write dates as YYYY-MM (2023-09) or YYYY; an end is a date or 'present'.",
        "name: A\nupdated: 2025-13\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV104",
        E,
        "missing required key",
        "Add the key; the message names it.",
        "updated: 2025-09\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV105",
        E,
        "two label groups with the same prefix",
        "Each label group numbers its papers after its own prefix (C1, C2, ...): give every "
        "group a prefix of its own (only groups without one, '', may share it).",
        "name: A\nupdated: 2025-09\nlabels:\n  - {prefix: C, title: Conferences, kinds: [inproceedings]}\n"
        "  - {prefix: C, title: Journals, kinds: [article]}\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV106",
        E,
        "link to an address that is not http(s)",
        "Links in the data's text are written [text](https://...): only http(s) addresses "
        "are links; write the address out in full, or drop the brackets.",
        "name: A\nupdated: 2025-09\nsummary: See [my notes](javascript:alert).\n",
        "docs/cv.yaml",
    ),
    # -- Data file: references --
    Code(
        "CV201",
        E,
        "data cites a key that is not in the bibliography",
        "Fix the key, or add the entry to the .bib file.",
        "name: A\nupdated: 2025-09\nsummary: See [@nosuchkey2099].\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV202",
        E,
        "two releases with the same version",
        "A release's version is its data's 'updated' month: give each release its own (the current one in docs/cv.yaml, each earlier one in docs/releases/<version>/cv.yaml).",
        "updated: 2024-06  # in docs/cv.yaml and in docs/releases/2024.06/cv.yaml\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV210",
        W,
        "an earlier release of another owner",
        "Every release shows on the site (the version switcher, the what-changed page), so "
        "each must be the owner's: remove the example's releases (docs/releases/<version>/; "
        "bibfolio init does it), or give the release the current data's 'name'.",
        "name: Ada Example\nupdated: 2024-11\n# and docs/releases/2024.06/cv.yaml has\n"
        "# name: Noor Haddad\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV203",
        E,
        "publications section naming a group that does not exist",
        "A publications section's groups are titles of label groups (the data's labels, or "
        "the default ones: Preprints, Journal articles, Conference papers, Books and "
        "chapters, Theses, Reports, Other): fix the title, or remove it.",
        "name: A\nupdated: 2025-09\nsections:\n  - type: publications\n    title: Papers\n"
        "    groups: [Journals]\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV204",
        E,
        "entries of a kind that no label group takes",
        "Every kind of entry needs a label group: add the kind the message names to the "
        "kinds of one group (preprint, article, inproceedings, book, thesis, report, other).",
        "name: A\nupdated: 2025-09\nlabels:\n  - {prefix: C, title: Conferences, kinds: [inproceedings]}\n"
        "# and refs.bib holds an @article\n",
        "docs/cv.yaml",
    ),
    Code(
        "CV205",
        E,
        "photo that is not an image file of the project",
        "The photo is a .jpg, .jpeg, .png, .webp or .gif file in the project, its path "
        "relative to the data file: photo: photo.jpg for docs/photo.jpg.",
        "name: A\nupdated: 2025-09\nphoto: ../../me.jpg\n",
        "docs/cv.yaml",
    ),
    # -- Pages: front matter --
    Code(
        "PAGE001",
        E,
        "front matter YAML syntax error",
        "The front matter is YAML between two lines of ---, at the very top of the page. Check the indentation and the ':' after each key; quote text holding ': '.",
        "---\ndescription: [Reinforcement learning\n---\n# Theme\n",
        "docs/research/theme.md",
    ),
    Code(
        "PAGE002",
        E,
        "key given twice in the front matter",
        "The front matter is YAML between two lines of ---, at the very top of the page. YAML keeps only the last of them; remove one.",
        "---\ndescription: A\ndescription: B\n---\n# Theme\n",
        "docs/research/theme.md",
    ),
    Code(
        "PAGE003",
        E,
        "front matter that cannot be read safely",
        "Write the values out: deep nesting, aliases (*name) that expand to very many values or name the value they are in, and YAML tags (!name) are refused.",
        "---\na: &a [*a]\n---\n# Theme\n",
        "docs/research/theme.md",
    ),
    Code(
        "PAGE004",
        E,
        "front matter that is not a mapping",
        "The front matter is YAML between two lines of ---, at the very top of the page. It holds keys and values: description: One line about the page.",
        "---\n- a list\n---\n# Theme\n",
        "docs/research/theme.md",
    ),
    Code(
        "PAGE005",
        E,
        "MyST setting a page may not change",
        "A page's front matter may change only how the page is shown (myst: heading_anchors, "
        "number_code_blocks, footnote_sort, ...). Extensions, substitutions, URL schemes and "
        "meta tags decide what the build reads and runs: set them for the whole site in "
        "conf.py (myst_enable_extensions, ...).",
        "---\nmyst:\n  enable_extensions: [substitution]\n---\n# Theme\n",
        "docs/research/theme.md",
    ),
    Code(
        "PAGE006",
        E,
        "page is not UTF-8",
        "Save the page as UTF-8 (most editors offer it under 'Save with encoding').",
        b"# Caf\xe9\n".decode("latin-1"),
        "docs/page.md",
    ),
    Code(
        "PAGE007",
        E,
        "NUL byte in a page",
        "The page holds binary data at this place; remove it.",
        "# A\x00\n",
        "docs/page.md",
    ),
    Code(
        "PAGE008",
        E,
        "page that cannot be read",
        "A page is a file you can read: not a folder, nor a link that leads nowhere or to "
        "itself. Fix the link, or remove it.",
        "(docs/page.md is a link to a file that does not exist)",
        "docs/page.md",
    ),
    # -- Pages: what MyST and docutils read (found by the build) --
    Code(
        "PAGE010",
        W,
        "unknown directive",
        "Check the directive's name (the word in braces after the backticks); a directive of "
        "an extension works only when conf.py loads that extension.",
        "```{nosuchdirective}\n```\n",
        "docs/page.md",
    ),
    Code(
        "PAGE011",
        W,
        "unknown role",
        "Check the role's name (the word in braces before the backticks): {cite}, {doc}, "
        "{ref}, {download} are known.",
        "See {nosuchrole}`this`.\n",
        "docs/page.md",
    ),
    Code(
        "PAGE012",
        W,
        "directive whose options or content cannot be read",
        "Check the directive's options (:name: value lines, or YAML between ---) against "
        "its documentation, and whether it takes content.",
        "```{note}\n:nosuchoption: 1\nText.\n```\n",
        "docs/page.md",
    ),
    Code(
        "PAGE013",
        W,
        "markup that MyST or docutils cannot read",
        "The message says what MyST or docutils could not read; fix the markup at that place.",
        "Text[^missing].\n",
        "docs/page.md",
    ),
    Code(
        "PAGE090",
        W,
        "other warning of the build about a file",
        "Sphinx or one of its extensions warns about this place: the message says what (and, "
        "in parentheses, the warning's own type).",
        "```{code-block} nosuchlanguage\nx = 1\n```\n",
        "docs/page.md",
    ),
    # -- Pages: the form of a page and of its front matter --
    Code(
        "PAGE101",
        E,
        "HTML in a heading",
        "A page's headings are copied into the menus and tables of contents of every page, "
        "as they are: write a heading as text (a '<' meant as text is written \\<).",
        '# Results <img src="x" onerror="alert(1)">\n',
        "docs/research/theme.md",
    ),
    Code(
        "PAGE102",
        W,
        "MyST setting of the front matter with a value MyST does not take",
        "The message names the setting and the values it takes (myst: heading_anchors is a "
        "number from 0 to 7, footnote_sort true or false, ...).",
        "---\nmyst:\n  heading_anchors: many\n---\n# Page\n",
        "docs/page.md",
    ),
    # -- Pages: references --
    # -- Pages: the site --
    Code(
        "PAGE201",
        W,
        "page in no toctree",
        "No menu leads to a page that no toctree lists: add it to a toctree (the home page's, "
        "or its folder's index), or write 'orphan: true' in its front matter.",
        "# A page nothing lists\n",
        "docs/lost.md",
    ),
    Code(
        "PAGE202",
        W,
        "toctree entry that is not a page",
        "A toctree lists page names relative to its own page, without .md: fix the name, or "
        "remove the line.",
        "```{toctree}\nno-such-page\n```\n",
        "docs/index.md",
    ),
    Code(
        "PAGE203",
        W,
        "link to a page, label or heading that does not exist",
        "Links name a page without .md ({doc}`research/index`), a label written (label)= "
        "before a heading ({ref}`label`), or a page's file (.md): fix the name, or add the "
        "target.",
        "See {doc}`no-such-page`.\n",
        "docs/page.md",
    ),
    Code(
        "PAGE204",
        W,
        "two targets with the same name",
        "A label ((name)=) names one place of the site: rename one of the two.",
        "(intro)=\n# Page\n\n(intro)=\n## Part\n",
        "docs/page.md",
    ),
    Code(
        "PAGE205",
        W,
        "file a page uses that does not exist",
        "An image, a download or an included file is named relative to the page (or, with a "
        "leading /, to the pages' folder): fix the name, or add the file.",
        "![A figure](no-such-figure.png)\n",
        "docs/page.md",
    ),
    Code(
        "PAGE211",
        W,
        "theme page without a description",
        "The research overview shows each theme's one-line description: write it in the "
        "theme page's front matter, description: What this theme is about.",
        "# A theme\n",
        "docs/research/theme.md",
    ),
    Code(
        "PAGE212",
        W,
        "theme page that lists no papers",
        "A theme page lists its papers (those whose themes field names it) with a "
        "{bibliography} directive: add one, usually under a heading Papers.",
        "---\ndescription: A theme.\n---\n# A theme\n",
        "docs/research/theme.md",
    ),
    Code(
        "PAGE213",
        E,
        "page that shows data the project does not have",
        "{cv}, {talks}, {news}, {profile} and {changes} show the data file: add docs/cv.yaml "
        "(or set [tool.bibfolio] data), or remove the directive.",
        "```{cv}\n```\n",
        "docs/cv.md",
    ),
    Code(
        "PAGE215",
        W,
        "{paper-page} outside a paper's page",
        "{paper-page} shows the paper of the generated page it is on (papers/<paper>/index.md): "
        "list papers elsewhere with {publications} or {bibliography}.",
        "```{paper-page}\n```\n",
        "docs/page.md",
    ),
    Code(
        "PAGE216",
        E,
        "own page where a paper's page goes",
        "docs/papers/<paper>/index.md is the page bibfolio generates for each paper: move "
        "your page elsewhere (and link to it from the paper's entry with a url field).",
        "# My notes on this paper\n",
        "docs/papers/ng2024/index.md",
    ),
    Code(
        "PAGE210",
        E,
        "page uses a file outside the project",
        "A page may include, show or offer for download only files of the project (the folder of pyproject.toml): copy the file into the project, or link to it by address.",
        "```{literalinclude} ../../../../../../../../etc/passwd\n```\n",
        "docs/page.md",
    ),
    Code(
        "PAGE214",
        E,
        "page uses a private file of the project",
        "Hidden files and folders (.git/, where CI keeps its token; .env, ...) and the data "
        "file (it holds what the site leaves out, such as the phone number) are never read "
        "into the site: copy what you mean to show into a file of its own.",
        "```{literalinclude} ../.git/config\n```\n",
        "docs/page.md",
    ),
    Code(
        "PAGE220",
        E,
        "release folder that is not a release",
        "Each folder of docs/releases/ is an earlier release, a copy of the site as it was: "
        "it holds its conf.py and its cv.yaml (and its pages and refs.bib). Add what is "
        "missing, or move the folder out of docs/releases/.",
        "updated: 2024-06  # docs/releases/2024.06/cv.yaml, with no conf.py beside it\n",
        "docs/releases/2024.06/cv.yaml",
    ),
    # -- Pages: style --
    Code(
        "PAGE301",
        W,
        "heading that skips a level",
        "Headings go down one level at a time (# then ##, not # then ####): screen readers "
        "and the page's table of contents rely on it.",
        "# Page\n\n#### Detail\n",
        "docs/page.md",
    ),
    # -- Settings: pyproject.toml and conf.py --
    Code(
        "CONF001",
        E,
        "pyproject.toml cannot be read",
        "pyproject.toml is TOML, saved as UTF-8: check the place the message names (a table "
        'is [tool.bibfolio], a value "text", a list ["a", "b"]).',
        "[tool.bibfolio\n",
        "pyproject.toml",
    ),
    # -- bibfolio import: what a source holds that could not be taken over --
    Code(
        "IMP001",
        E,
        "nothing to import",
        "Give `bibfolio import` an al-folio site's folder (with _config.yml or "
        "_bibliography/), a RenderCV .yaml file (cv: with sections:) or a JSON Resume "
        ".json file (with basics), and make sure it names its owner.",
        '{"work": []}\n',
        "resume.json",
    ),
    Code(
        "IMP002",
        W,
        "file of the source left out",
        "The file could not be read safely (not UTF-8, too large, a syntax error, or a "
        "link out of the source folder); the rest was imported. Fix the file and import "
        "again, or carry its content over by hand.",
        "selected: [true\n",
        "_config.yml",
    ),
    Code(
        "IMP101",
        W,
        "not mapped",
        "bibfolio's files have no place for this value yet, so it was left out of what the "
        "import wrote: carry it over by hand if you need it (the guide's page on moving "
        "to bibfolio says where), or leave it.",
        "@article{a, author = {Doe, Jane}, title = {T}, journal = {J}, year = 2024,\n"
        "  author_note = {Equal contribution}}\n",
        "_bibliography/papers.bib",
    ),
    Code(
        "IMP102",
        W,
        "al-folio display setting dropped",
        "abbr, bibtex_show, preview, altmetric, dimensions and the like only change how "
        "al-folio draws the entry; bibfolio draws it from the entry's own fields.",
        "@article{a, author = {Doe, Jane}, title = {T}, journal = {J}, year = 2024,\n"
        "  abbr = {J}, bibtex_show = {true}}\n",
        "_bibliography/papers.bib",
    ),
    Code(
        "IMP103",
        W,
        "local file not copied",
        "al-folio's pdf = {x.pdf} means assets/pdf/x.pdf of the site: that file is "
        "missing, not a PDF, or outside the site's folder. Put the PDF under files/ and "
        "write pdf = {files/x.pdf}, or give its address.",
        "@article{a, author = {Doe, Jane}, title = {T}, journal = {J}, year = 2024,\n"
        "  pdf = {missing.pdf}}\n",
        "_bibliography/papers.bib",
    ),
    Code(
        "IMP104",
        W,
        "changed to fit bibfolio",
        "The value was rewritten into the form bibfolio reads, with the same meaning (marks "
        "in names as equalcontrib, a DOI address as the bare DOI, an entry of an unknown "
        "type as @misc): read the new entry in refs.bib, nothing to do if it is right.",
        "@article{a, author = {Doe*, Jane and Roe*, Rob}, title = {T}, journal = {J},\n"
        "  year = 2024}\n",
        "_bibliography/papers.bib",
    ),
    Code(
        "IMP201",
        E,
        "file the import would replace",
        "The import never replaces a file without being asked: move the file away, "
        "import into another folder (--into), or pass --force (the file is kept beside it "
        "as <name>.bak).",
        "(refs.bib exists in the project)",
        "refs.bib",
    ),
    Code(
        "CONF010",
        E,
        "conf.py, or an extension it loads, stops the build",
        "conf.py is Python that Sphinx runs: fix the line the message names (or the "
        "extension that failed); `python docs/conf.py` shows the same error.",
        "raise RuntimeError('not done yet')\n",
        "docs/conf.py",
    ),
    Code(
        "CONF090",
        W,
        "other warning of the build",
        "Sphinx or one of its extensions warns about no file in particular, mostly about a "
        "setting of conf.py: the message says what.",
        "html_static_path = ['no-such-folder']\n",
        "docs/conf.py",
    ),
    Code(
        "CONF101",
        E,
        "unknown setting",
        "[tool.bibfolio] takes: bibliography, docs, data, themes, select, ignore, lenient, "
        "strict, awards, files. Check the name.",
        '[tool.bibfolio]\nbibliografy = ["refs.bib"]\n',
        "pyproject.toml",
    ),
    Code(
        "CONF102",
        E,
        "setting of the wrong type or value",
        "Give the setting the form the message names: paths are strings, lists are lists "
        'of strings (bibliography = ["refs.bib"]), a file named must exist, a site '
        "address is http(s) or starts with /.",
        '[tool.bibfolio]\nbibliography = "refs.bib"\n',
        "pyproject.toml",
    ),
)

TABLE: dict[str, Code] = {code.code: code for code in CODES}
