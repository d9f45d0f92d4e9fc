"""The files Retain writes, checked by the programs and specifications that consume them:

* Anki packages import into a fresh collection with the real ``anki`` package (PyPI), notes,
  cards, fields, tags and GUIDs read back; a re-export updates instead of duplicating; and a
  package exported by Anki itself (current format, zstd) reads back into Retain;
* QTI 3.0 and 2.1 packages validate, item by item and manifest, against 1EdTech's XSDs
  (``quizzes/interop/schemas``, see its README);
* GIFT parses with an independent parser (gift-pegjs, the published PEG grammar) to the same
  questions, and Moodle XML with an independent reader (moodle-xml-parser, PyPI);
* Moodle's own documentation examples (``fixtures/moodle_docs.*``) read as hand-checked.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from quizzes.interop import gift, moodle_xml, qti
from quizzes.interop.anki import read as anki_read
from quizzes.interop.items import Choice, Item
from quizzes.interop.selectors import bank_export, deck_export, export_file
from quizzes.models import Card
from tests.interop.conftest import QUESTION

HERE = Path(__file__).resolve().parent
SCHEMAS = Path(__file__).resolve().parents[2] / "quizzes" / "interop" / "schemas"
GIFT_PEG = HERE / "vendor" / "gift-pegjs" / "gift-parser.js"
NODE = shutil.which("node")


# --- Anki ----------------------------------------------------------------------------------


@pytest.fixture
def anki_collection(tmp_path):
    from anki.collection import Collection

    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


def anki_import(collection, data: bytes, tmp_path: Path):
    """Import a package with Anki's default options (update a note when the package's is newer)."""
    from anki.collection import ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageOptions

    path = tmp_path / f"deck-{len(list(tmp_path.glob('deck-*.apkg')))}.apkg"
    path.write_bytes(data)
    options = ImportAnkiPackageOptions(with_scheduling=False)
    return collection.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=options)
    )


def test_a_deck_imports_into_a_fresh_anki_collection(deck, instructor, anki_collection, tmp_path):
    file = export_file(deck_export(instructor, deck_id=deck.pk), "apkg")
    anki_import(anki_collection, file.data, tmp_path)

    cards = list(Card.objects.filter(deck_links__deck=deck))
    assert anki_collection.note_count() == len(cards) == 6
    assert anki_collection.card_count() == 6  # one card per note: basic, reverse and cloze
    notes = [anki_collection.get_note(n) for n in anki_collection.find_notes("")]
    by_type: dict[str, list] = {}
    for note in notes:
        by_type.setdefault(note.note_type()["name"], []).append(note)
    assert sorted(by_type) == ["Retain Basic", "Retain Cloze"]
    assert by_type["Retain Cloze"][0].note_type()["type"] == 1  # Anki's cloze kind
    fronts = {n["Front"] for n in by_type["Retain Basic"]}
    assert fronts == {c.front for c in cards if c.kind != "cloze"}
    texts = {n["Text"] for n in by_type["Retain Cloze"]}
    assert texts == {
        c.front.replace("_____", f"{{{{c1::{c.back}}}}}") for c in cards if c.kind == "cloze"
    }
    assert {n["Source"] for n in notes} == {c.evidence_text for c in cards}
    assert {n["Article"] for n in notes} == {deck.source.title}
    kinds = {n["Front"]: n["Kind"] for n in by_type["Retain Basic"]}
    assert sorted(kinds.values()) == ["basic", "basic", "basic", "reverse"]


def test_a_re_export_updates_the_notes_in_anki_instead_of_adding_copies(
    deck, instructor, anki_collection, tmp_path, monkeypatch
):
    import time
    from types import SimpleNamespace

    first = export_file(deck_export(instructor, deck_id=deck.pk), "apkg")
    anki_import(anki_collection, first.data, tmp_path)
    card = Card.objects.filter(deck_links__deck=deck, kind="basic").first()
    Card.objects.filter(pk=card.pk).update(back="A new definition")
    # Notes carry their change time in whole seconds and Anki keeps its copy when the package's
    # is not newer: the re-export happens "a minute later" (genanki's clock only).
    later = time.time() + 60
    monkeypatch.setattr("genanki.package.time", SimpleNamespace(time=lambda: later))
    second = export_file(deck_export(instructor, deck_id=deck.pk), "apkg")
    anki_import(anki_collection, second.data, tmp_path)

    assert anki_collection.note_count() == 6
    notes = [anki_collection.get_note(n) for n in anki_collection.find_notes("")]
    backs = {note["Back"] for note in notes if "Back" in note}
    assert "A new definition" in backs


def test_tags_reach_anki_and_a_package_anki_exports_reads_back(
    bank, course, instructor, anki_collection, tmp_path
):
    from anki.import_export_pb2 import ExportAnkiPackageOptions

    from quizzes.bank.kinds import CARD
    from quizzes.bank.services.items import item_tag

    item_tag(item=bank["card"], user=instructor, add=["South America"])
    file = export_file(bank_export(instructor, course_id=course.pk, kind=CARD, params=None), "apkg")
    anki_import(anki_collection, file.data, tmp_path)
    tags = {t for n in anki_collection.find_notes("") for t in anki_collection.get_note(n).tags}
    assert tags == {"South_America"}

    exported = tmp_path / "from-anki.apkg"
    anki_collection.export_anki_package(
        out_path=str(exported),
        options=ExportAnkiPackageOptions(with_scheduling=False, with_media=False, legacy=False),
        limit=None,
    )
    assert "collection.anki21b" in zipfile.ZipFile(exported).namelist()  # Anki's current format
    read = anki_read(exported.read_bytes())
    assert not read.problems
    assert sorted((i.type, i.prompt, i.back, i.tags) for i in read.items) == [
        ("basic", "Brazil", "Holds 60% of the Amazon rainforest.", ("South America",)),
        ("cloze", "Peru holds _____ of the rainforest.", "13%", ()),
    ]


# --- QTI -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def qti_schemas():
    parser = etree.XMLParser(no_network=True)

    def load(path: str) -> etree.XMLSchema:
        return etree.XMLSchema(etree.parse(str(SCHEMAS / path), parser))

    return {
        "3.0": (
            load("qtiv3p0/imsqti_asiv3p0_sbacv1p0_v1p0.xsd"),
            load("qtiv3p0/imsqtiv3p0_imscpv1p2_v1p0.xsd"),
        ),
        "2.1": (load("qtiv2p1/imsqti_v2p1.xsd"), load("imscp_v1p1.xsd")),
    }


def validate_package(data: bytes, schemas) -> list[str]:
    """Every file of a package validated; the errors, by file."""
    item_schema, manifest_schema = schemas
    errors = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            schema = manifest_schema if name == "imsmanifest.xml" else item_schema
            if not schema.validate(etree.fromstring(package.read(name))):
                errors.append(f"{name}: {schema.error_log.last_error}")
    return errors


@pytest.mark.parametrize(("format_name", "version"), [("qti3", "3.0"), ("qti21", "2.1")])
def test_qti_packages_validate_against_the_1edtech_schemas(
    bank, course, instructor, qti_schemas, format_name, version
):
    from quizzes.bank.services.items import item_tag

    item_tag(item=bank["mcq"], user=instructor, add=["geography"])
    file = export_file(
        bank_export(instructor, course_id=course.pk, kind=QUESTION, params=None), format_name
    )

    assert validate_package(file.data, qti_schemas[version]) == []
    names = zipfile.ZipFile(io.BytesIO(file.data)).namelist()
    assert len([n for n in names if n.startswith("items/")]) == 5
    assert {"imsmanifest.xml", "assessment.xml"} <= set(names)


def test_the_schemas_do_reject_an_invalid_item(qti_schemas):
    """The validation is real: an item missing its required attributes fails."""
    data = qti.write(
        [Item(kind="question", type="mcq", prompt="Q?", choices=(Choice("a", True), Choice("b")))]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        item = etree.fromstring(package.read("items/item-1.xml"))
    del item.attrib["time-dependent"]
    assert not qti_schemas["3.0"][0].validate(item)


# --- GIFT ----------------------------------------------------------------------------------


def gift_pegjs(text: str) -> list[dict]:
    if NODE is None:
        pytest.skip("Node.js is not installed: the independent GIFT parser (gift-pegjs) needs it")
    script = (
        "const p = require(process.argv[1]); let s = '';"
        "process.stdin.on('data', d => s += d);"
        "process.stdin.on('end', () => process.stdout.write(JSON.stringify(p.parse(s))));"
    )
    done = subprocess.run(
        [NODE, "-e", script, str(GIFT_PEG)],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [q for q in json.loads(done.stdout) if q["type"] not in ("Category", "Description")]


def meaning(parsed: dict) -> tuple:
    """What a gift-pegjs question means, in Retain's terms (like Moodle, it writes the blank of
    a "missing word" question as " _____ ", spaces around it)."""
    stem = re.sub(r"_____ (?=[.,;:!?])", "_____", parsed["stem"]["text"])
    if parsed["type"] == "TF":
        return ("true_false", stem, parsed["isTrue"])
    choices = parsed.get("choices") or []
    if parsed["type"] == "MC":
        return (
            "choice",
            stem,
            tuple(
                (c["text"]["text"], bool(c["isCorrect"] or (c["weight"] or 0) > 0)) for c in choices
            ),
        )
    return ("typed", stem, tuple(c["text"]["text"] for c in choices))


def retain_meaning(item: Item) -> tuple:
    if item.type == "true_false":
        return ("true_false", item.prompt, item.truth)
    if item.type in ("mcq", "mcq_multi"):
        return ("choice", item.prompt, tuple((c.text, c.correct) for c in item.choices))
    return ("typed", item.prompt, item.accepted)


def test_gift_exports_parse_with_the_published_grammar_to_the_same_questions(
    bank, course, instructor
):
    file = export_file(
        bank_export(instructor, course_id=course.pk, kind=QUESTION, params=None), "gift"
    )
    parsed = gift_pegjs(file.data.decode("utf-8"))
    ours = gift.read(file.data).items

    assert len(parsed) == len(ours) == 5
    assert [meaning(p) for p in parsed] == [retain_meaning(i) for i in ours]


def test_moodles_gift_examples_read_as_hand_checked():
    data = (HERE / "fixtures" / "moodle_docs.gift").read_bytes()
    read = gift.read(data)
    assert not read.problems
    got = [
        (
            i.type,
            i.prompt,
            i.title,
            tuple((c.text, c.correct) for c in i.choices),
            i.accepted,
            i.truth,
            i.explanation,
        )
        for i in read.items
    ]
    assert got == [
        ("true_false", "1+1=2", "Q1", (), (), True, ""),
        ("mcq", "What's between orange and green in the spectrum?", "Q2",
         (("yellow", True), ("red", False), ("blue", False)), (), None, ""),
        ("cloze", "Two plus _____ equals four.", "Q3", (), ("two", "2"), None, ""),
        ("mcq", "Who's buried in Grant's tomb?", "", (("Grant", False), ("Jefferson", False), ("no one", True)), (), None, ""),
        ("mcq", "Grant is _____ in Grant's tomb.", "", (("buried", False), ("entombed", True), ("living", False)), (), None, ""),
        ("short_answer", "Who's buried in Grant's tomb?", "", (), ("no one", "nobody"), None, ""),
        ("true_false", "Grant was buried in a tomb in New York City.", "", (), (), True, ""),
        ("true_false", "The sun rises in the West.", "", (), (), False, ""),
        ("mcq_multi", "What two people are entombed in Grant's tomb?", "",
         (("No one", False), ("Grant", True), ("Grant's wife", True), ("Grant's father", False)), (), None, ""),
        ("mcq", "Which answer equals 5?", "", (("= 2 + 2", False), ("= 2 + 3", True), ("= 2 + 4", False)), (), None, ""),
        ("mcq", "What's the answer to this multiple-choice question?", "",
         (("wrong answer", False), ("another wrong answer", False), ("right answer", True)), (), None,
         "This is the general feedback."),
    ]  # fmt: skip
    assert read.items[1].choices[0].feedback == "right; good!"
    # The independent parser reads the same file to the same questions.
    parsed = gift_pegjs(data.decode("utf-8"))
    assert [meaning(p) for p in parsed] == [retain_meaning(i) for i in read.items]


# --- Moodle XML ----------------------------------------------------------------------------


def test_moodle_xml_exports_read_the_same_with_an_independent_parser(bank, course, instructor):
    from moodle_xml_parser.parser import parse_bytes

    file = export_file(
        bank_export(instructor, course_id=course.pk, kind=QUESTION, params=None), "moodle_xml"
    )
    theirs = parse_bytes(file.data)
    ours = {i.prompt: i for i in moodle_xml.read(file.data).items}

    choice_questions = [i for i in ours.values() if i.type in ("mcq", "mcq_multi")]
    assert len(theirs["multichoice"]) == len(choice_questions) == 2
    for question in theirs["multichoice"]:
        item = ours[question.text_pre_parse.removeprefix("<p>").removesuffix("</p>")]
        assert question.single == (item.type == "mcq")
        assert [(o.answer, o.score_fraction > 0) for o in question.options] == [
            (c.text, c.correct) for c in item.choices
        ]
    (cloze,) = theirs["cloze"]
    assert cloze.gaps[0].sub_type == "SHORTANSWER"
    assert [o.answer for o in cloze.gaps[0].options] == ["Brazil", "Brasil"]


def test_moodles_xml_examples_read_as_hand_checked():
    from moodle_xml_parser.parser import parse_bytes

    data = (HERE / "fixtures" / "moodle_docs.xml").read_bytes()
    read = moodle_xml.read(data)
    got = [
        (
            i.type,
            i.title,
            i.prompt,
            tuple((c.text, c.correct) for c in i.choices),
            i.accepted,
            i.truth,
            i.tags,
        )
        for i in read.items
    ]
    assert got == [
        ("mcq", "Name of question", "What is the answer to this question?",
         (("The correct answer", True), ("A distractor", False), ("Another distractor", False)), (), None, ("Geography",)),
        ("true_false", "True or false", "The answer to this question is yes.", (), (), True, ("Geography",)),
        ("short_answer", "Short answer", "Which word describes the correct answer?", (), ("The correct answer", "An alternative answer"), None, ("easy", "vocabulary")),
        ("cloze", "Capital", "The capital of Germany is _____.", (), ("Berlin",), None, ("Geography",)),
    ]  # fmt: skip
    assert read.items[3].explanation == "Berlin became the capital again in 1990."
    assert [str(p) for p in read.problems] == [
        "question 5 (“Matching”): Moodle's “matching” questions have no counterpart in Retain."
    ]
    theirs = parse_bytes(data)
    assert [(o.answer, o.score_fraction) for o in theirs["multichoice"][0].options] == [
        ("The correct answer", 100.0), ("A distractor", 0.0), ("Another distractor", 0.0)
    ]  # fmt: skip
    assert [o.answer for o in theirs["cloze"][0].gaps[0].options] == ["Berlin"]


def test_a_gift_category_becomes_the_tag_of_untagged_questions():
    data = b"$CATEGORY: $course$/top/Astronomy/Planets\n\nThe Sun is a star. {T}\n\n// [tag:moons]\nThe Moon orbits {=Earth}.\n"
    assert [i.tags for i in gift.read(data).items] == [("Planets",), ("moons",)]
