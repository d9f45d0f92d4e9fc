"""Bad files are refused with a message naming the line, row, member, item or note at fault, and
nothing is saved: malformed XML, XML bombs and external entities, zip bombs (ratio and size),
``../`` member names, an Anki note type Retain does not know, a CSV row with the wrong number of
cells, bytes that are not UTF-8, an empty file, a file over the size limit. CSV exports
neutralise spreadsheet formulas."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from quizzes.errors import ImportRefusedError
from quizzes.interop import delimited, qti
from quizzes.interop.items import Choice, FormatError, Item
from quizzes.interop.safety import MAX_FILE_BYTES, Archive, ZipLimits
from quizzes.interop.services import import_file
from quizzes.models import Card, ImportBatch, ImportedItem, Question, Tag


def refused(user, course, filename: str, data: bytes, format_name: str = "") -> str:
    """Import a file that must be refused; check nothing was saved; return the message."""
    with pytest.raises(ImportRefusedError) as caught:
        import_file(
            user=user, course_id=course.pk, filename=filename, data=data, format_name=format_name
        )
    assert not Question.objects.filter(course=course).exists()
    assert not Card.objects.filter(course=course).exists()
    assert not Tag.objects.filter(course=course).exists()
    assert not ImportBatch.objects.filter(course=course).exists()
    assert not ImportedItem.objects.exists()
    return " ".join(message for _field, message in caught.value.problems)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="truefalse"><questiontext><text>&lol3;</text></questiontext></question></quiz>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><questiontext><text>&secret;</text></questiontext></question></quiz>
"""


def test_malformed_xml_is_refused_with_its_line(instructor, target):
    data = b'<?xml version="1.0"?>\n<quiz>\n  <question type="truefalse">\n  </quiz>\n'
    message = refused(instructor, target, "bank.xml", data)
    assert "line 4" in message
    assert "not well-formed" in message


def test_a_billion_laughs_file_is_refused_before_expansion(instructor, target):
    message = refused(instructor, target, "bank.xml", BILLION_LAUGHS)
    assert "line 2" in message
    assert "DTD" in message


def test_an_external_entity_is_never_fetched(instructor, target):
    message = refused(instructor, target, "bank.xml", EXTERNAL_ENTITY)
    assert "line 2" in message
    assert "passwd" not in message


def test_the_xml_guards_hold_without_a_doctype_check():
    """Even if a DTD were allowed, an entity declaration is refused (defusedxml)."""
    from defusedxml import ElementTree as SafeET
    from defusedxml import EntitiesForbidden

    with pytest.raises(EntitiesForbidden):
        SafeET.fromstring(BILLION_LAUGHS, forbid_dtd=False)


def zip_of(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_by_ratio_is_refused_before_reading(instructor, target):
    bomb = zip_of({"imsmanifest.xml": b"<manifest/>", "items/bomb.xml": b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 200_000
    message = refused(instructor, target, "package.zip", bomb)
    assert "member “items/bomb.xml”" in message
    assert "zip bomb" in message


def test_a_zip_bomb_by_total_size_is_refused():
    # Incompressible data, so only the total size can stop it (the limit lowered for the test).
    data = zip_of({f"items/{n}.xml": os.urandom(300_000) for n in range(5)})
    with pytest.raises(FormatError, match=r"unpacks to 1\.4 MB; the limit is 1 MB"):
        Archive(data, limits=ZipLimits(total=1024 * 1024))


def test_a_zip_with_too_many_entries_is_refused():
    data = zip_of({f"items/{n}.xml": b"x" for n in range(30)})
    with pytest.raises(FormatError, match="holds 30 files; the limit is 20"):
        Archive(data, limits=ZipLimits(entries=20))


@pytest.mark.parametrize(
    "name", ["../evil.xml", "items/../../evil.xml", "/etc/evil.xml", "C:/evil.xml"]
)
def test_a_zip_with_a_member_outside_the_package_is_refused(instructor, target, name):
    data = zip_of({"imsmanifest.xml": b"<manifest/>", name: b"<x/>"})
    message = refused(instructor, target, "package.zip", data)
    assert f"member “{name}”" in message
    assert "outside the package" in message


def test_a_manifest_href_outside_the_package_is_refused(instructor, target):
    good = qti.write(
        [Item(kind="question", type="mcq", prompt="Q?", choices=(Choice("a", True), Choice("b")))]
    )
    with zipfile.ZipFile(io.BytesIO(good)) as package:
        manifest = package.read("imsmanifest.xml").replace(
            b'href="items/item-1.xml"', b'href="../item-1.xml"'
        )
        members = {n: package.read(n) for n in package.namelist()}
    members["imsmanifest.xml"] = manifest
    message = refused(instructor, target, "package.zip", zip_of(members))
    assert "item 1 (../item-1.xml)" in message
    assert "outside the package" in message


def test_an_anki_note_type_retain_does_not_know_is_refused_by_note(instructor, target, tmp_path):
    import genanki

    vocab = genanki.Model(
        1_234_567, "Japanese vocabulary",
        fields=[{"name": "Word"}, {"name": "Reading"}, {"name": "Meaning"}],
        templates=[{"name": "Card 1", "qfmt": "{{Word}}", "afmt": "{{Meaning}}"}],
    )  # fmt: skip
    basic = genanki.Model(
        7_654_321, "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    )  # fmt: skip
    deck = genanki.Deck(42, "Mixed")
    deck.add_note(genanki.Note(model=basic, fields=["Sun", "Star at the centre"]))
    deck.add_note(genanki.Note(model=vocab, fields=["犬", "いぬ", "dog"]))
    path = tmp_path / "mixed.apkg"
    genanki.Package(deck).write_to_file(str(path))

    message = refused(instructor, target, "mixed.apkg", path.read_bytes())
    assert "note 2" in message
    assert "“Japanese vocabulary” is neither Basic nor Cloze" in message


def test_an_apkg_without_a_collection_is_refused(instructor, target):
    message = refused(instructor, target, "deck.apkg", zip_of({"media": b"{}"}))
    assert "no Anki collection" in message


def test_an_apkg_whose_collection_is_not_sqlite_is_refused(instructor, target):
    message = refused(
        instructor, target, "deck.apkg", zip_of({"collection.anki2": b"not a database"})
    )
    assert "not an SQLite database" in message


def test_a_csv_row_with_the_wrong_number_of_cells_is_refused_by_row(instructor, target):
    header = ",".join(delimited.QUESTION_COLUMNS)
    good = "true_false,The sun is a star.,,,,,,,,,true,,,"
    data = f"{header}\n{good}\nmcq,Which?,a,b\n".encode()
    message = refused(instructor, target, "bank.csv", data)
    assert "row 3 (line 3): 4 cells, but the header names 14 columns." in message


def test_a_tsv_for_quizlet_with_three_columns_is_refused_by_line(instructor, target):
    message = refused(
        instructor, target, "cards.txt", b"sun\tstar\nmoon\tsatellite\textra\n", "quizlet"
    )
    assert "line 2: 3 tab-separated columns" in message


def test_a_file_that_is_not_utf8_is_refused_with_its_line(instructor, target):
    data = "// ok\n\nQuestion one {T}\n\nCaf\xe9 au lait {T}\n".encode("latin-1")
    message = refused(instructor, target, "bank.gift", data)
    assert "line 5" in message
    assert "not UTF-8" in message


@pytest.mark.parametrize("data", [b"", b"   \n\n "])
def test_an_empty_file_is_refused(instructor, target, data):
    assert "The file is empty." in refused(instructor, target, "bank.gift", data)


def test_a_file_over_the_size_limit_is_refused(instructor, target):
    data = b"x" * (MAX_FILE_BYTES + 1)
    message = refused(instructor, target, "huge.csv", data)
    assert "the limit is 10 MB" in message


def test_one_bad_question_refuses_the_whole_file(instructor, target):
    data = b"The sun is a star. {T}\n\nWhat is 2+2? {#3..5}\n\nThe moon is a planet. {F}\n"
    message = refused(instructor, target, "bank.gift", data)
    assert message.startswith("line 3: a numeric answer with a tolerance or range")


def test_a_question_the_bank_would_refuse_is_an_error_naming_its_place(instructor, target):
    data = b"Is the sun a star? {T}\n"  # a true/false item must be a statement
    message = refused(instructor, target, "bank.gift", data)
    assert message.startswith("line 1: Write a statement, not a question")


def test_csv_exports_neutralise_spreadsheet_formulas():
    items = [
        Item(
            kind="question",
            type="short_answer",
            prompt='=HYPERLINK("http://x")',
            accepted=("+1", "-2", "@SUM(A1)"),
        ),
        Item(
            kind="question",
            type="true_false",
            prompt="-5 is negative.",
            truth=True,
            explanation="\tcell",
        ),
    ]
    text = delimited.write_csv(items).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "'+1 | -2 | @SUM(A1)" in text  # one cell: only its first character matters
    assert "'-5 is negative." in text
    assert "'\tcell" in text
    # …and reading the file back restores what was written.
    read = delimited.read_csv(text.encode("utf-8"))
    assert [i.prompt for i in read.items] == ['=HYPERLINK("http://x")', "-5 is negative."]
    assert read.items[0].accepted == ("+1", "-2", "@SUM(A1)")


def test_an_oversized_upload_is_refused_before_it_is_read():
    from quizzes.interop.services import upload_bytes

    class Upload:
        size = MAX_FILE_BYTES + 1

        def read(self, limit: int) -> bytes:
            raise AssertionError("an oversized upload must not be read")

    with pytest.raises(ImportRefusedError, match="the limit is 10 MB"):
        upload_bytes(Upload())
