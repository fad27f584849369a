"""Which icons a written page uses: the icon fonts are cut to them."""

from bibfolio.sphinx.assets import icon_classes


def test_icon_classes_are_whole_words_each_once_sorted() -> None:
    html = '<i class="fa-brands fa-orcid"></i><i class="fa-solid fa-orcid pst-fa-x"></i>'
    assert icon_classes(html) == ["fa-brands", "fa-orcid", "fa-solid", "fa-x"]


def test_a_word_that_ends_in_fa_is_no_icon() -> None:
    assert icon_classes("sofa-bed alfa-2 _fa-z") == []
    assert icon_classes("fa-first") == ["fa-first"]  # at the very start of the text
