"""Pages made from the data file: talks, the talks of a paper, the news, the profile.

On the current release of tests/roots/releases (built once with its earlier
release by ``bibfolio versions``), whose data has every section type.
"""

from __future__ import annotations

from conftest import Versions, one, text_of


def test_talks_page_lists_the_talks_newest_first(releases_site: Versions) -> None:
    page = releases_site.page(releases_site.releases[0], "talks.html")
    talks = page.select("article section.bibfolio-talk")
    assert [text_of(one(t, "h2")).rstrip("#") for t in talks] == [
        "Bandits with Delays in Practice",  # its latest event is in August 2024
        "Agents that Rank",  # July 2024
    ]
    events = [text_of(li) for li in talks[0].select(".bibfolio-talk-events li")]
    assert events == [
        "Bandit Days, Armstown, Aug. 2024 [P1]",
        "Fixture Workshop, Testville, Nov. 2023 [C1]",
    ]
    papers = [a["href"] for a in talks[0].select(".bibfolio-talk-papers a")]
    assert papers == ["papers/haddad2022bandits/index.html"]
    assert [text_of(li) for li in talks[1].select(".bibfolio-talk-events li")] == [
        "Agent Seminar, Jul. 2024"
    ]


def test_paper_page_lists_the_talks_that_present_it(releases_site: Versions) -> None:
    release = releases_site.releases[0]
    page = releases_site.page(release, "papers/haddad2022bandits/index.html")
    talks = [text_of(li) for li in page.select(".bibfolio-talks-of-paper li")]
    assert len(talks) == 1
    assert talks[0].startswith("Bandits with Delays in Practice (")
    assert "Fixture Workshop, Testville, Nov. 2023" in talks[0]
    # An event's own papers count: the talk presents haddad2023ranking at Bandit Days.
    ranking = releases_site.page(release, "papers/haddad2023ranking/index.html")
    assert [text_of(li) for li in ranking.select(".bibfolio-talks-of-paper li")]
    graphs = releases_site.page(release, "papers/lee2021graphs/index.html")
    assert graphs.select(".bibfolio-talks-of-paper") == []


def test_home_page_news_is_newest_first(releases_site: Versions) -> None:
    page = releases_site.page(releases_site.releases[0], "index.html")
    items = [text_of(li) for li in page.select("ul.bibfolio-news li")]
    assert items[:5] == [  # not the position of Dec. 2024: after the data's 'updated'
        "Aug. 2024 · Talk: Bandits with Delays in Practice, Bandit Days, Armstown [P1]",
        "Jul. 2024 · Talk: Agents that Rank, Agent Seminar [P2]",
        "Jun. 2024 · Research Intern, Fixture Labs",
        "May 2024 · [P2] Agents that Rank Their Own Plans (arXiv preprint, May, 2024)",
        "Mar. 2024 · Fixture Fellowship",
    ], "the latest of positions, talks (each once), awards and papers"
    assert len(items) == 6, ":count: 6"
    assert sum("Bandits with Delays in Practice" in item for item in items) == 1
    labels = page.select("ul.bibfolio-news a")
    assert "papers/haddad2024agents/index.html" in {a["href"] for a in labels}


def test_home_page_shows_profile_from_the_data(releases_site: Versions) -> None:
    page = releases_site.page(releases_site.releases[0], "index.html")
    assert text_of(one(page, ".bibfolio-position")) == (
        "Ph.D. Candidate in Fixtures, Example University"
    )
    summary = one(page, ".bibfolio-summary")
    assert text_of(summary) == "I study rankings and bandits [C1]."
    assert [text_of(e) for e in summary.select("em")] == ["rankings"]


def test_no_page_shows_markup_from_the_data(releases_site: Versions) -> None:
    page = releases_site.page(releases_site.releases[0], "cv.html")
    emphasis = [text_of(e) for e in one(page, "article").select("em")]
    assert emphasis == ["many arms", "Typst"], "only the data's *emphasis*"


def test_cv_page_shows_every_section_type(releases_site: Versions) -> None:
    article = one(releases_site.page(releases_site.releases[0], "cv.html"), "article")
    text = text_of(article)
    for shown in (
        "Ph.D. Candidate in FixturesSep. 2021 – present",  # education, a date range
        "Host: Dr. Min ParkJun. 2024 – present",  # experience with a host
        "Starting Dec. 2024",  # a position after the CV's date
        "Advisor: Prof. Sam LeeJun. 2023 – Aug. 2023",
        "Best Poster (Fixture Workshop)May 2023, 2024",  # awards: dates, the month once
        "Bandit Days, Armstown [P1]Aug. 2024",  # talks: events with their papers
        "Programming: Python, Typst",  # skills
        "Conference on Fixture Learning (CFL; 2023-2024), Neural Fixtures (NF; 2024)",
    ):
        assert shown in text, shown
