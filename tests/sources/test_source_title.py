"""An article's title: its own (an HTML page's, a heading, a short first line), else a short
guess the instructor is asked to confirm — never the whole first sentence."""

from __future__ import annotations

import pytest

from quizzes.errors import SourceError
from quizzes.models import Source
from quizzes.sources.ingest import Article, Title, title_of
from quizzes.sources.services import source_create, source_retitle
from tests.conftest import ARTICLE

HEADED = "# The Amazon rainforest\n\n" + ARTICLE


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (HEADED, Title("The Amazon rainforest", guessed=False)),
        ("Rainforest facts ##\n\n" + ARTICLE, Title("Rainforest facts ##", guessed=False)),
        (
            "Intro line.\n\n## Where the forest lies\n\n" + ARTICLE,
            Title("Where the forest lies", guessed=False),
        ),
        ("The Amazon\n==========\n\n" + ARTICLE, Title("The Amazon", guessed=False)),
        (
            "Amazon rainforest: the basics\n\n" + ARTICLE,
            Title("Amazon rainforest: the basics", guessed=False),
        ),
        (ARTICLE, Title("The Amazon rainforest covers much of the Amazon…", guessed=True)),
        ("Brazil holds most.\n\nPeru holds less.", Title("Brazil holds most", guessed=True)),
        (
            "A single line without a full stop",
            Title("A single line without a full stop", guessed=True),
        ),
    ],
)
def test_the_title_is_the_articles_own_or_a_short_guess(text, title):
    assert title_of(Article(text=text, format="markdown")) == title


def test_an_html_pages_title_comes_from_its_metadata():
    assert title_of(Article(text=ARTICLE, format="html", title=" Rainforest\n facts ")) == Title(
        "Rainforest facts", guessed=False
    )


def test_a_guess_is_a_few_words_not_the_sentence():
    guess = title_of(Article(text=ARTICLE, format="text"))
    assert len(guess.text.split()) <= 8
    assert guess.text.endswith("…")


@pytest.mark.django_db
def test_a_pasted_article_without_a_title_is_marked_for_confirmation(course, instructor):
    source, _ = source_create(course=course, user=instructor, text=ARTICLE)
    assert source.title == "The Amazon rainforest covers much of the Amazon…"
    assert source.title_guessed
    named, _ = source_create(course=course, user=instructor, text=HEADED)  # another text
    assert (named.title, named.title_guessed) == ("The Amazon rainforest", False)
    given, _ = source_create(
        course=course, user=instructor, text=ARTICLE + "\n\nMore.", title=" Mine "
    )
    assert (given.title, given.title_guessed) == ("Mine", False)


@pytest.mark.django_db
def test_the_instructor_confirms_or_changes_the_guess(course, instructor):
    source, _ = source_create(course=course, user=instructor, text=ARTICLE)
    source_retitle(source=source, user=instructor, title="  The Amazon   basin ")
    source.refresh_from_db()
    assert (source.title, source.title_guessed) == ("The Amazon basin", False)
    with pytest.raises(SourceError, match="Give the article a title") as error:
        source_retitle(source=source, user=instructor, title="   ")
    assert error.value.field == "title"


@pytest.mark.django_db
def test_the_article_page_asks_its_instructor_to_confirm_a_guessed_title(
    web_as, course, instructor, student
):
    source, _ = source_create(course=course, user=instructor, text=ARTICLE)
    url = f"/articles/{source.pk}/"
    assert (
        "Retain made this one from its first words" in web_as(instructor).get(url).content.decode()
    )
    assert "Retain made this one" not in web_as(student).get(url).content.decode()
    assert web_as(student).post(f"{url}title/", {"title": "Mine"}).status_code == 404
    client = web_as(instructor)
    refused = client.post(f"{url}title/", {"title": ""})
    assert refused.status_code == 400
    assert 'id="id_title_error"' in refused.content.decode()
    response = client.post(f"{url}title/", {"title": "The Amazon"})
    assert response["Location"] == url
    assert "Retain made this one" not in client.get(url).content.decode()
    assert Source.objects.get(pk=source.pk).title == "The Amazon"
