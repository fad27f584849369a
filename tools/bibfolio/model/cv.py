"""The CV data file: its schema (pydantic, strict) and validation with located messages.

Everything in the CV that is not a publication lives here. Unknown keys, wrong
types and impossible dates are errors, each reported at its line and column,
all in one run; validator jargon is rewritten in plain words.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal, Self, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from bibfolio.diagnostics import TABLE, Problem, Severity
from bibfolio.load.yaml import KEY, YamlDocument

E = Severity.ERROR


_MONTH = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class DateError(ValueError):
    """Raised by date parsing; becomes CV103."""


class Month(tuple[int, int]):
    """A year and a month (0 when only the year is known), ordered in time."""

    __slots__ = ()

    def __new__(cls, year: int, month: int = 0) -> Self:
        return super().__new__(cls, (year, month))

    def __getnewargs__(self) -> tuple[int, int]:
        return (self[0], self[1])  # a pickled month comes back as itself

    @property
    def year(self) -> int:
        return self[0]

    @property
    def month(self) -> int:
        return self[1]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    @property
    def version(self) -> str:
        """The calendar version of the release this month dates: ``2025.09``."""
        return f"{self.year}.{self.month:02d}" if self.month else str(self.year)


def parse_month(value: Any) -> Month:
    if isinstance(value, Month):
        return value
    if isinstance(value, datetime.date):
        return Month(value.year, value.month)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DateError(f"expected a date such as 2023-09, found {_describe(value)}")
    match = _MONTH.match(value.strip())
    if not match:
        raise DateError(f"'{value}' is not a date: write YYYY-MM (such as 2023-09) or YYYY")
    year, month = int(match.group(1)), int(match.group(2) or 0)
    if match.group(2) is not None and not 1 <= month <= 12:
        raise DateError(f"'{value}': month {month} does not exist")
    if match.group(3) is not None:
        try:
            datetime.date(year, month, int(match.group(3)))
        except ValueError:
            raise DateError(f"'{value}': day {int(match.group(3))} does not exist") from None
    if not 1900 <= year <= 2200:
        raise DateError(f"'{value}': year {year} is out of range")
    return Month(year, month)


def _end(value: Any) -> Month | Literal["present"]:
    if isinstance(value, str) and value.strip().lower() == "present":
        return "present"
    return parse_month(value)


_DATE_SCHEMA = {"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"}
Date = Annotated[
    Month,
    PlainValidator(parse_month),
    PlainSerializer(str),
    WithJsonSchema({**_DATE_SCHEMA, "description": "YYYY-MM or YYYY"}),
]
End = Annotated[
    Month | Literal["present"],
    PlainValidator(_end),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "anyOf": [_DATE_SCHEMA, {"const": "present"}],
            "description": "YYYY-MM, YYYY or 'present'",
        }
    ),
]
Prose = Annotated[
    str,
    Field(
        description="Text; *emphasis*, **strong**, links [text](https://...) and "
        "citations [@bibkey] are the only markup, everything else prints as written."
    ),
]
Url = Annotated[str, Field(pattern=r"^https?://\S+$", description="an http(s) address")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


Service = Literal[
    "google-scholar",
    "orcid",
    "github",
    "linkedin",
    "x",
    "bluesky",
    "semantic-scholar",
    "dblp",
    "website",
]
SERVICES: tuple[str, ...] = get_args(Service)
# Where a service's profile of a given id is.
PROFILE_ADDRESSES = {
    "google-scholar": "https://scholar.google.com/citations?user={}",
    "orcid": "https://orcid.org/{}",
    "github": "https://github.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}/",
    "x": "https://x.com/{}",
    "bluesky": "https://bsky.app/profile/{}",
    "semantic-scholar": "https://www.semanticscholar.org/author/{}",
    "dblp": "https://dblp.org/pid/{}.html",
}
# What an id of each service looks like: it becomes part of an address, so nothing else.
SERVICE_IDS: dict[str, tuple[re.Pattern[str], str]] = {
    "google-scholar": (re.compile(r"^[A-Za-z0-9_-]{4,40}$"), "the user=... part, 12 letters"),
    "orcid": (re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"), "such as 0000-0002-1825-0097"),
    "github": (re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"), "a user name"),
    "linkedin": (re.compile(r"^[A-Za-z0-9_-]{3,100}$"), "the part after linkedin.com/in/"),
    "x": (re.compile(r"^@?[A-Za-z0-9_]{1,15}$"), "a handle such as @name"),
    "bluesky": (re.compile(r"^@?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$"), "a handle name.bsky.social"),
    "semantic-scholar": (re.compile(r"^\d{1,20}$"), "the number at the end of the author page"),
    "dblp": (re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*$"), "a pid such as 123/4567"),
}


def _id_text(value: Any) -> Any:
    """An id written as a number (a Semantic Scholar id) is its digits."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Identifier = Annotated[
    str, BeforeValidator(_id_text), WithJsonSchema({"type": ["string", "integer"]})
]


class Profile(Strict):
    """A profile elsewhere: ``{service: orcid, id: ...}``, ``{service: github, url: ...}``,
    or (the first form, still valid) ``{label: ..., url: ...}``."""

    service: Service | None = Field(
        default=None, description="The service: its name and icon; an id makes its address."
    )
    id: Identifier | None = Field(
        default=None,
        description="Your id at the service (ORCID iD, GitHub user, Scholar user=..., "
        "DBLP pid, ...): the address is made from it.",
    )
    label: str = Field(default="", description="The text shown (default: the service's name).")
    url: Url | None = None

    @model_validator(mode="after")
    def _complete(self) -> Profile:
        if self.service is None:
            if not self.label:
                raise ValueError("a profile needs a 'service' or a 'label'")
            if self.id is not None:
                raise ValueError("an 'id' needs a 'service' to make an address from it")
            return self
        if self.id is not None and self.url is not None:
            raise ValueError("give an 'id' or a 'url', not both")
        if self.id is not None:
            if self.service == "website":
                raise ValueError("a website has a 'url', not an 'id'")
            pattern, example = SERVICE_IDS[self.service]
            if not pattern.match(self.id):
                raise ValueError(f"'{_excerpt(self.id)}' is not a {self.service} id ({example})")
        elif self.url is None:
            raise ValueError(f"the {self.service} profile needs an 'id' or a 'url'")
        return self


class Contact(Strict):
    email: str | None = None
    phone: str | None = None
    homepage: Url | None = None
    profiles: list[Profile] = []
    show_phone: bool = Field(
        default=False, description="Show the phone number on web pages (it is always in the PDF)."
    )


class LabelGroup(Strict):
    prefix: str = Field(description="Letter before the number (C for C1, C2, ...); '' for none.")
    title: str
    kinds: list[
        Literal["preprint", "article", "inproceedings", "book", "thesis", "report", "other"]
    ] = Field(default=[], description="The kinds of entry the group takes.")
    venues: list[str] = Field(
        default=[],
        description="Words of a venue (booktitle, journal or howpublished, any case) that put "
        "an entry in this group whatever its kind: [Workshop].",
    )
    papers: list[str] = Field(
        default=[], description="Bib keys of entries put in this group whatever their kind."
    )


class Dated(Strict):
    start: Date | None = None
    end: End | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Dated:
        if self.start is not None and isinstance(self.end, Month) and self.end < self.start:
            raise DateError(f"ends ({self.end}) before it starts ({self.start})")
        return self


class EducationItem(Dated):
    institution: str
    location: str = ""
    degree: str
    notes: list[Prose] = []


class ExperienceItem(Dated):
    organization: str
    role: str
    location: str = ""
    advisor: str = ""
    host: str = ""
    description: Prose = ""


class AwardItem(Strict):
    title: str
    detail: str = ""
    dates: list[Date] = Field(min_length=1)


class TalkEvent(Strict):
    venue: str
    city: str = ""
    date: Date
    papers: list[str] = []


class TalkItem(Strict):
    title: str = Field(default="", description="The talk's title; without one, its events.")
    papers: list[str] = []
    events: list[TalkEvent] = Field(min_length=1)


class SkillItem(Strict):
    label: str
    text: Prose


class ServiceVenue(Strict):
    name: str
    abbreviation: str = ""
    years: list[int] = []


class ServiceItem(Strict):
    label: str
    venues: list[ServiceVenue] = Field(min_length=1)


class TeachingItem(Dated):
    course: str
    detail: str = Field(default="", description="Printed in parentheses after the course.")
    note: str = Field(default="", description="Printed in parentheses after the detail.")


class EntryItem(Dated):
    """A dated item of a section of any kind: press, lectures, mentoring, ..."""

    title: Prose
    date: Date | None = Field(default=None, description="One date; or 'start' and 'end'.")
    location: str = ""
    description: Prose = ""

    @model_validator(mode="after")
    def _one_date(self) -> EntryItem:
        if self.date is not None and (self.start is not None or self.end is not None):
            raise DateError("give a 'date', or a 'start' and an 'end', not both")
        return self


class Section(Strict):
    title: str


class TextSection(Section):
    type: Literal["text"]
    text: Prose


class EducationSection(Section):
    type: Literal["education"]
    items: list[EducationItem]


class ExperienceSection(Section):
    type: Literal["experience"]
    items: list[ExperienceItem]


class AwardsSection(Section):
    type: Literal["awards"]
    items: list[AwardItem]


class TalksSection(Section):
    type: Literal["talks"]
    items: list[TalkItem]


class SkillsSection(Section):
    type: Literal["skills"]
    items: list[SkillItem]


class ServiceSection(Section):
    type: Literal["service"]
    items: list[ServiceItem]


class TeachingSection(Section):
    type: Literal["teaching"]
    items: list[TeachingItem]


class EntriesSection(Section):
    """A section of dated entries with a title of your own (Press, Lectures, Mentoring...)."""

    type: Literal["entries"]
    items: list[EntryItem]


class PublicationsSection(Section):
    type: Literal["publications"]
    groups: list[str] = Field(
        default=[], description="Titles of the label groups to list here (default: all)."
    )
    legend_first: bool = Field(
        default=True, description="Put the legend of the marks before the list (else after)."
    )
    group_headings: bool = Field(
        default=False, description="Show a heading for each label group (Preprints, ...)."
    )


AnySectionModel = (
    TextSection
    | EducationSection
    | ExperienceSection
    | AwardsSection
    | TalksSection
    | SkillsSection
    | ServiceSection
    | TeachingSection
    | EntriesSection
    | PublicationsSection
)
AnySection = Annotated[AnySectionModel, Field(discriminator="type")]


class Role(Strict):
    position: str
    affiliation: str = ""


class NewsItem(Strict):
    date: Date
    text: Prose


class CV(Strict):
    """The portfolio's data: the owner, the CV's sections in order, site settings."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        json_schema_extra={"title": "bibfolio CV data (cv.yaml)"},
    )

    name: str = Field(description="The owner's name, as the CV heads it; it is bold in papers.")
    aliases: list[str] = Field(
        default=[], description="Other spellings of the owner's name in refs.bib."
    )
    position: str = ""
    affiliation: str = ""
    positions: list[Role] = Field(
        default=[],
        description="Several positions, each with its affiliation (in place of "
        "'position' and 'affiliation').",
    )
    updated: Date = Field(description="Last update (YYYY-MM): the release and the PDF's date.")
    contact: Contact = Contact.model_construct()  # no validation at import (defer_build)
    summary: Prose = Field(default="", description="The home page's research summary.")
    labels: list[LabelGroup] | None = Field(
        default=None,
        description="Label groups in order (default: P preprints, J journal articles, "
        "C conference papers, ...).",
    )
    sections: list[AnySection] = []
    news: list[NewsItem] = Field(
        default=[], description="News written by hand, shown with the news made from the data."
    )
    news_from: list[Literal["papers", "talks", "awards", "positions"]] = Field(
        default=["papers", "talks", "awards", "positions"],
        description="What else makes news: the papers, the talks, the awards, the positions "
        "(education, experience, teaching); [] for only the news written here.",
    )
    photo: str | None = Field(
        default=None,
        description="A photo for the home page: an image file of the project (.jpg, .png, "
        ".webp), its path relative to this file.",
    )

    @model_validator(mode="after")
    def _one_form_of_positions(self) -> CV:
        if self.positions and (self.position or self.affiliation):
            raise ValueError("give 'positions' (a list), or 'position' and 'affiliation', not both")
        return self

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the name is empty")
        return value


# -- validation with locations ------------------------------------------------


def _excerpt(text: str, size: int = 40) -> str:
    """The start of a value, for a message: never a whole file (it may not be a data file
    at all, and messages end up in CI logs)."""
    line = " ".join(text.split())
    return line if len(line) <= size else f"{line[:size]}…"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{_excerpt(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "literal_error": "one of the allowed values",
}


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """The error's location in the YAML data: pydantic adds union tags that are not keys."""
    path: list[Any] = []
    for part in loc:
        in_section = len(path) >= 2 and path[-2] == "sections" and isinstance(path[-1], int)
        if in_section and isinstance(data, dict) and part not in data and part in _SECTION_TYPES:
            continue  # a union tag pydantic adds to the location
        path.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(path)


def _model_for(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that owns the mapping at ``loc`` (pydantic's location, tags included)."""
    current: Any = CV
    for part in loc:
        if isinstance(part, int):
            continue
        if current is _ANY_SECTION:
            current = _SECTION_TYPES.get(part)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _element_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _element_model(annotation: Any) -> Any:
    if annotation is _ANY_SECTION_LIST:
        return _ANY_SECTION
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _element_model(arg)
        if found is not None:
            return found
    return None


def _place(loc: tuple[Any, ...]) -> str:
    """``('sections', 0, 'items', 1)`` -> ``in sections[1].items[2]`` (counting from 1)."""
    if not loc:
        return "at the top level"
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else f".{part}"
    return f"in {text.lstrip('.')}"


def _message(error: dict[str, Any], doc: YamlDocument) -> tuple[str, str, tuple[Any, ...]]:
    """(code, plain message, location in the data) for one pydantic error."""
    kind = error["type"]
    raw = tuple(error["loc"])
    loc = _data_path(raw, doc.data)
    name = str(loc[-1]) if loc else "the file"
    context = error.get("ctx", {}) or {}
    if kind == "extra_forbidden":
        model = _model_for(raw[:-1])
        allowed = f" (allowed: {', '.join(model.model_fields)})" if model else ""
        return "CV101", f"unknown key '{name}'{allowed}", (*loc, KEY)
    if kind == "missing":
        return "CV104", f"'{name}' is required {_place(loc[:-1])}", loc[:-1]
    if isinstance(context.get("error"), DateError):
        return "CV103", str(context["error"]), loc
    if kind == "value_error" and isinstance(context.get("error"), ValueError):
        return "CV102", str(context["error"]), loc
    if kind == "union_tag_invalid":
        allowed = context.get("expected_tags", "")
        found = context.get("tag", "")
        return "CV102", f"section type '{found}' is not one of {allowed}", (*loc, "type")
    if kind == "union_tag_not_found":
        return "CV102", f"a section needs a 'type' ({', '.join(_SECTION_TYPES)})", loc
    if kind == "literal_error":
        expected = context.get("expected", "")
        shown = _excerpt(str(error["input"]))
        return "CV102", f"'{shown}' is not allowed here; expected {expected}", loc
    if kind == "string_pattern_mismatch" and "http" in str(context.get("pattern", "")):
        return "CV102", f"'{_excerpt(str(error['input']))}' is not an http(s) address", loc
    if kind in ("too_short", "list_too_short"):
        return "CV102", f"'{name}' needs at least {context.get('min_length', 1)} item", loc
    expected = _EXPECTED.get(kind)
    if expected:
        return "CV102", f"'{name}' should be {expected}, not {_describe(error['input'])}", loc
    return "CV102", f"'{name}': {error['msg']}", loc


_SECTION_TYPES: dict[str, type[Section]] = {
    section.model_fields["type"].annotation.__args__[0]: section
    for section in get_args(AnySectionModel)
}
_ANY_SECTION = object()  # marker: the next location part is a section type tag
_ANY_SECTION_LIST = CV.model_fields["sections"].annotation


def validate_cv(doc: YamlDocument) -> tuple[CV | None, list[Problem]]:
    """Validate the data file; every problem is located at its key or value."""
    problems = list(doc.problems)
    if any(p.code in ("CV001", "CV005") for p in problems):
        return None, problems  # nothing was read: the schema would only add noise
    data = doc.data if doc.data is not None else {}
    try:
        cv = CV.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            code, message, location = _message(dict(item), doc)
            line, col = doc.where(location)
            problems.append(Problem(doc.path, line, col, code, message, E, TABLE[code].hint))
        return None, sorted(set(problems))
    return (None if problems else cv), problems
