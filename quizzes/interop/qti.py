"""QTI content packages: QTI 3.0 (read and write) and QTI 2.1 (write; read too). Pure Python.

Written by hand: the QTI packages on PyPI convert between QTI versions or target one LMS's
dialect (text2qti and kin write Canvas's QTI 1.2); none reads and writes QTI 3.0 items.

A package is a zip with ``imsmanifest.xml`` (IMS Content Packaging 1.2, QTI 3.0 profile),
one ``qti-assessment-item`` per question under ``items/`` and a ``qti-assessment-test`` that
lists them. Each item is written with the interactions every QTI 3.0 delivery engine supports:

* mcq / mcq_multi / true_false: ``qti-choice-interaction`` (max-choices 1 or 0), the right
  choices in ``qti-correct-response``; true/false is a choice between "True" and "False";
* short_answer: a ``qti-text-entry-interaction`` in its own paragraph; cloze: the same
  interaction inside the sentence, where the blank is; accepted answers are the correct
  response and a case-insensitive ``qti-mapping``;
* the explanation is a ``qti-modal-feedback`` that response processing always shows; items
  without one use the standard templates (match_correct, map_response);
* tags are the resource's LOM keywords in the manifest.

QTI 2.1 is the same structure under 2.1's names (``choiceInteraction``, camelCase attributes,
no ``qti-content-body``); Canvas, Blackboard Learn and Brightspace document QTI 2.1 package
imports, while their QTI 3.0 support varies. Reading accepts both: names are normalised to
3.0's before interpretation. Items with other interactions are reported by their place in the
manifest.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from xml.etree import ElementTree as ET

from lxml import etree as LX

from quizzes.interop.items import BLANK, Choice, FormatError, Item, Problem, Read, blank_count
from quizzes.interop.safety import Archive, check_size, parse_xml, safe_member_name
from quizzes.interop.text import tidy

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
LOM = "http://ltsc.ieee.org/xsd/LOM"  # IEEE LOM, as QTI 3.0 manifests use it
MD12 = "http://www.imsglobal.org/xsd/imsmd_v1p2"  # IMS metadata 1.2, as QTI 2.1 manifests use it


@dataclass(frozen=True)
class Version:
    """What differs between QTI 3.0 and 2.1 packages: names, namespaces, resource types."""

    name: str
    item_ns: str
    item_xsd: str
    cp_ns: str
    cp_xsd: str
    item_type: str
    test_type: str
    templates: str
    kebab: bool  # 3.0 names (qti-simple-choice, max-choices) or 2.1's (simpleChoice, maxChoices)

    def tag(self, name: str) -> str:
        """An element's name in this version, from its 3.0 name (``qti-simple-choice``)."""
        local = name if self.kebab or not name.startswith("qti-") else _camel(name[4:])
        return f"{{{self.item_ns}}}{local}"

    def attr(self, name: str) -> str:
        return name if self.kebab else _camel(name)


QTI3 = Version(
    name="3.0",
    item_ns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
    item_xsd="https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd",
    cp_ns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1",
    cp_xsd="https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd",
    item_type="imsqti_item_xmlv3p0",
    test_type="imsqti_test_xmlv3p0",
    templates="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/",
    kebab=True,
)
QTI21 = Version(
    name="2.1",
    item_ns="http://www.imsglobal.org/xsd/imsqti_v2p1",
    item_xsd="http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
    cp_ns="http://www.imsglobal.org/xsd/imscp_v1p1",
    cp_xsd="http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
    item_type="imsqti_item_xmlv2p1",
    test_type="imsqti_test_xmlv2p1",
    templates="http://www.imsglobal.org/question/qti_v2p1/rptemplates/",
    kebab=False,
)


def _camel(kebab: str) -> str:
    first, *rest = kebab.split("-")
    return first + "".join(part.capitalize() for part in rest)


def _kebab(name: str) -> str:
    """A 2.1 name in 3.0's form: ``choiceInteraction`` → ``qti-choice-interaction`` (HTML
    elements are left alone); attributes lose the prefix."""
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


# --- Writing -------------------------------------------------------------------------------


def write(
    items: Sequence[Item], *, title: str = "", key: str = "", version: Version = QTI3
) -> bytes:
    """Questions as a QTI content package (zip bytes)."""
    buffer = io.BytesIO()
    refs: Refs = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for number, item in enumerate(items, start=1):
            identifier = _identifier(item.key or f"item-{number}")
            href = f"items/{identifier}.xml"
            package.writestr(
                href, _document(_item_element(item, identifier, version), version.item_ns)
            )
            refs.append((identifier, href, item))
        test = _test_element(refs, title, version)
        package.writestr("assessment.xml", _document(test, version.item_ns))
        package.writestr("imsmanifest.xml", _document(_manifest(refs, version), version.cp_ns))
    return buffer.getvalue()


def write_21(items: Sequence[Item], *, title: str = "", key: str = "") -> bytes:
    return write(items, title=title, version=QTI21)


def _document(element: LX._Element, namespace: str) -> bytes:
    LX.indent(element)
    return bytes(LX.tostring(element, xml_declaration=True, encoding="UTF-8"))


def _identifier(key: str) -> str:
    """An NCName from a key: letters, digits, ``-``, ``_``, ``.``; a letter first."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "-", key)
    return cleaned if re.match(r"^[A-Za-z_]", cleaned) else f"I{cleaned}"


def _item_element(item: Item, identifier: str, v: Version) -> LX._Element:
    root = LX.Element(
        v.tag("qti-assessment-item"),
        {
            f"{{{XSI}}}schemaLocation": f"{v.item_ns} {v.item_xsd}",
            "identifier": identifier,
            "title": (item.title or _title(item.prompt))[:200],
            "adaptive": "false",
            v.attr("time-dependent"): "false",
            f"{{{XML_NS}}}lang": "en",
        },
        nsmap={None: v.item_ns, "xsi": XSI},
    )

    def add(
        parent: LX._Element, name: str, attrs: dict[str, str] | None = None, text: str = ""
    ) -> LX._Element:
        node = LX.SubElement(parent, v.tag(name), {v.attr(k): x for k, x in (attrs or {}).items()})
        if text:
            node.text = text
        return node

    choices = _choices_of(item)
    if choices is not None:
        multiple = item.type == "mcq_multi"
        response = add(
            root,
            "qti-response-declaration",
            {
                "identifier": "RESPONSE",
                "cardinality": "multiple" if multiple else "single",
                "base-type": "identifier",
            },
        )
        correct = add(response, "qti-correct-response")
        for choice_id, choice in choices:
            if choice.correct:
                add(correct, "qti-value", text=choice_id)
    else:
        response = add(
            root,
            "qti-response-declaration",
            {"identifier": "RESPONSE", "cardinality": "single", "base-type": "string"},
        )
        add(
            add(response, "qti-correct-response"),
            "qti-value",
            text=item.accepted[0] if item.accepted else "",
        )
        mapping = add(response, "qti-mapping", {"default-value": "0", "upper-bound": "1"})
        for answer in item.accepted:
            add(
                mapping,
                "qti-map-entry",
                {"map-key": answer, "mapped-value": "1", "case-sensitive": "false"},
            )
    score = add(
        root,
        "qti-outcome-declaration",
        {"identifier": "SCORE", "cardinality": "single", "base-type": "float"},
    )
    add(add(score, "qti-default-value"), "qti-value", text="0")
    if item.explanation:
        add(
            root,
            "qti-outcome-declaration",
            {"identifier": "FEEDBACK", "cardinality": "single", "base-type": "identifier"},
        )
    body = add(root, "qti-item-body")
    if choices is not None:
        interaction = add(
            body,
            "qti-choice-interaction",
            {
                "response-identifier": "RESPONSE",
                "max-choices": "0" if item.type == "mcq_multi" else "1",
                "shuffle": "false" if item.type == "true_false" else "true",
            },
        )
        _lines(add(interaction, "qti-prompt"), item.prompt, v)
        for choice_id, choice in choices:
            add(interaction, "qti-simple-choice", {"identifier": choice_id}, choice.text)
    elif item.type == "cloze" and blank_count(item.prompt) == 1:
        before, after = item.blank_parts()
        paragraph = add(body, "p")
        _lines(paragraph, before, v)
        entry = add(
            paragraph,
            "qti-text-entry-interaction",
            {"response-identifier": "RESPONSE", "expected-length": str(_width(item))},
        )
        entry.tail = after
    else:
        _lines(add(body, "p"), item.prompt, v)
        add(
            add(body, "p"),
            "qti-text-entry-interaction",
            {"response-identifier": "RESPONSE", "expected-length": str(_width(item))},
        )
    _processing(root, add, item, choices is not None, v)
    if item.explanation:
        feedback = add(
            root,
            "qti-modal-feedback",
            {
                "outcome-identifier": "FEEDBACK",
                "identifier": "EXPLANATION",
                "show-hide": "show",
                "title": "Explanation",
            },
        )
        holder = add(feedback, "qti-content-body") if v.kebab else feedback
        _lines(add(holder, "p"), item.explanation, v)
    return root


def _processing(
    root: LX._Element, add: Callable[..., LX._Element], item: Item, choice: bool, v: Version
) -> None:
    template = "match_correct" if choice else "map_response"
    if not item.explanation:
        add(root, "qti-response-processing", {"template": f"{v.templates}{template}.xml"})
        return
    processing = add(root, "qti-response-processing")
    if choice:
        condition = add(add(processing, "qti-response-condition"), "qti-response-if")
        match = add(condition, "qti-match")
        add(match, "qti-variable", {"identifier": "RESPONSE"})
        add(match, "qti-correct", {"identifier": "RESPONSE"})
        add(
            add(condition, "qti-set-outcome-value", {"identifier": "SCORE"}),
            "qti-base-value",
            {"base-type": "float"},
            "1",
        )
    else:
        add(
            add(processing, "qti-set-outcome-value", {"identifier": "SCORE"}),
            "qti-map-response",
            {"identifier": "RESPONSE"},
        )
    add(
        add(processing, "qti-set-outcome-value", {"identifier": "FEEDBACK"}),
        "qti-base-value",
        {"base-type": "identifier"},
        "EXPLANATION",
    )


def _choices_of(item: Item) -> list[tuple[str, Choice]] | None:
    if item.type == "true_false":
        return [
            ("true", Choice("True", item.truth is True)),
            ("false", Choice("False", item.truth is False)),
        ]
    if item.type in ("mcq", "mcq_multi"):
        return [(f"choice-{n}", c) for n, c in enumerate(item.choices, start=1)]
    return None


def _lines(parent: LX._Element, text: str, v: Version) -> None:
    """``text`` as the content of ``parent``, its line breaks as ``<br/>``."""
    first, *rest = text.split("\n")
    parent.text = (parent.text or "") + first
    for line in rest:
        br = LX.SubElement(parent, v.tag("br"))
        br.tail = line


def _width(item: Item) -> int:
    return max([len(a) for a in item.accepted] + [10])


def _title(prompt: str) -> str:
    line = prompt.replace(BLANK, "…").split("\n", 1)[0]
    return line if len(line) <= 80 else line[:79].rstrip() + "…"


Refs = list[tuple[str, str, Item]]  # (identifier, href, item) of each item file


def _test_element(refs: Refs, title: str, v: Version) -> LX._Element:
    test = LX.Element(
        v.tag("qti-assessment-test"),
        {
            f"{{{XSI}}}schemaLocation": f"{v.item_ns} {v.item_xsd}",
            "identifier": "retain-test",
            "title": title or "Questions from Retain",
        },
        nsmap={None: v.item_ns, "xsi": XSI},
    )
    part = LX.SubElement(
        test,
        v.tag("qti-test-part"),
        {
            "identifier": "part-1",
            v.attr("navigation-mode"): "nonlinear",
            v.attr("submission-mode"): "individual",
        },
    )
    section = LX.SubElement(
        part,
        v.tag("qti-assessment-section"),
        {"identifier": "section-1", "title": title or "Questions", "visible": "true"},
    )
    for identifier, href, _item in refs:
        LX.SubElement(
            section, v.tag("qti-assessment-item-ref"), {"identifier": identifier, "href": href}
        )
    return test


def _manifest(refs: Refs, v: Version) -> LX._Element:
    cp = v.cp_ns
    manifest = LX.Element(
        f"{{{cp}}}manifest",
        {
            "identifier": "retain-manifest",
            f"{{{XSI}}}schemaLocation": f"{cp} {v.cp_xsd}",
        },
        nsmap={None: cp, "xsi": XSI, "imsmd": LOM if v.kebab else MD12},
    )
    metadata = LX.SubElement(manifest, f"{{{cp}}}metadata")
    LX.SubElement(metadata, f"{{{cp}}}schema").text = "QTI Package"
    LX.SubElement(metadata, f"{{{cp}}}schemaversion").text = "3.0.0" if v.kebab else "2.1"
    LX.SubElement(manifest, f"{{{cp}}}organizations")
    resources = LX.SubElement(manifest, f"{{{cp}}}resources")
    for identifier, href, item in refs:
        resource = LX.SubElement(
            resources,
            f"{{{cp}}}resource",
            {"identifier": identifier, "type": v.item_type, "href": href},
        )
        if item.tags:
            md = LOM if v.kebab else MD12
            lom = LX.SubElement(LX.SubElement(resource, f"{{{cp}}}metadata"), f"{{{md}}}lom")
            general = LX.SubElement(lom, f"{{{md}}}general")
            for tag in item.tags:
                keyword = LX.SubElement(general, f"{{{md}}}keyword")
                text = LX.SubElement(keyword, f"{{{md}}}{'string' if v.kebab else 'langstring'}")
                text.text = tag
        LX.SubElement(resource, f"{{{cp}}}file", {"href": href})
    test = LX.SubElement(
        resources,
        f"{{{cp}}}resource",
        {"identifier": "retain-test", "type": v.test_type, "href": "assessment.xml"},
    )
    LX.SubElement(test, f"{{{cp}}}file", {"href": "assessment.xml"})
    for identifier, _href, _item in refs:
        LX.SubElement(test, f"{{{cp}}}dependency", {"identifierref": identifier})
    return manifest


# --- Reading -------------------------------------------------------------------------------


def read(data: bytes) -> Read:
    """Read a QTI 3.0 (or 2.1) content package; problems name the item's resource."""
    check_size(data)
    archive = Archive(data, what="QTI package")
    if "imsmanifest.xml" not in archive:
        raise FormatError("The zip has no imsmanifest.xml at its top: it is not a QTI package.")
    manifest = parse_xml(archive.read("imsmanifest.xml"), what="imsmanifest.xml")
    found = Read()
    number = 0
    for resource in manifest.iter():
        if _local(resource.tag) != "resource":
            continue
        kind = resource.get("type", "")
        if not kind.startswith("imsqti_item_xml"):
            continue
        number += 1
        href = resource.get("href", "")
        where = f"item {number} ({href or resource.get('identifier', '?')})"
        if not safe_member_name(href):
            found.problems.append(Problem(where, "its href points outside the package; refused."))
            continue
        if href not in archive:
            found.problems.append(Problem(where, "the manifest lists it but the zip lacks it."))
            continue
        tags = tuple(
            (s.text or "").strip()
            for keyword in resource.iter()
            if _local(keyword.tag) == "keyword"
            for s in keyword
            if _local(s.tag) in {"string", "langstring"} and (s.text or "").strip()
        )
        try:
            root = parse_xml(archive.read(href), what=href)
            item = _item(root, where)
        except FormatError as error:
            found.problems.append(Problem(where, error.message))
            continue
        found.items.append(replace(item, tags=tags))
    if number == 0:
        raise FormatError("The manifest lists no QTI items (resources of type imsqti_item_xml…).")
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _name(element: ET.Element) -> str:
    """An element's QTI 3.0 name whatever the version: ``qti-choice-interaction``."""
    local = _local(element.tag)
    if local.startswith("qti-") or local in _HTML:
        return local
    return "qti-" + _kebab(local)


_HTML = {
    "p", "br", "div", "span", "em", "strong", "b", "i", "u", "sub", "sup", "ul", "ol", "li",
    "table", "tr", "td", "th", "tbody", "thead", "img", "a", "code", "pre", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "small", "big", "q", "cite", "abbr",
}  # fmt: skip
_BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
_MARK = "\x00"


def _attr(element: ET.Element, name: str, default: str = "") -> str:
    return element.get(name) or element.get(_camel(name)) or default


def _text_of(element: ET.Element, *, mark: str = "") -> str:
    """An element's text: ``<br>`` and block ends as line breaks, interactions as ``mark``."""
    parts: list[str] = []

    def walk(node: ET.Element) -> None:
        name = _name(node)
        if node is not element:
            if name.endswith("-interaction"):
                parts.append(mark)
                return
            if name in {"qti-prompt", "qti-simple-choice", "qti-modal-feedback"}:
                return
        if name == "br":
            parts.append("\n")
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if name in _BLOCK:
            parts.append("\n")

    walk(element)
    return tidy("".join(parts))


def _item(root: ET.Element, where: str) -> Item:
    if _name(root) != "qti-assessment-item":
        raise FormatError(f"the file's root is <{_local(root.tag)}>, not an assessment item.")
    declarations = {}
    for declaration in root:
        if _name(declaration) != "qti-response-declaration":
            continue
        correct = [
            (value.text or "").strip()
            for holder in declaration
            if _name(holder) == "qti-correct-response"
            for value in holder
            if _name(value) == "qti-value"
        ]
        mapped = [
            _attr(entry, "map-key").strip()
            for holder in declaration
            if _name(holder) == "qti-mapping"
            for entry in holder
            if _name(entry) == "qti-map-entry" and float(_attr(entry, "mapped-value", "0") or 0) > 0
        ]
        declarations[_attr(declaration, "identifier")] = (
            _attr(declaration, "cardinality", "single"),
            correct,
            mapped,
        )
    body = next((child for child in root if _name(child) == "qti-item-body"), None)
    if body is None:
        raise FormatError("the item has no qti-item-body.")
    interactions = [node for node in body.iter() if _name(node).endswith("-interaction")]
    if len(interactions) != 1:
        raise FormatError(
            f"the item has {len(interactions)} interactions; Retain's questions have one."
        )
    interaction = interactions[0]
    kind = _name(interaction)
    cardinality, correct, mapped = declarations.get(
        _attr(interaction, "response-identifier"), ("single", [], [])
    )
    explanation = "\n".join(
        _text_of(node) for node in root if _name(node) == "qti-modal-feedback" and _text_of(node)
    )
    title = root.get("title", "")
    if kind == "qti-choice-interaction":
        prompt_node = next((c for c in interaction if _name(c) == "qti-prompt"), None)
        prompt = _text_of(prompt_node) if prompt_node is not None else ""
        outside = _text_of(body, mark="")
        prompt = "\n".join(p for p in (outside, prompt) if p)
        choices = tuple(
            Choice(_text_of(node), _attr(node, "identifier") in correct)
            for node in interaction
            if _name(node) == "qti-simple-choice"
        )
        texts = sorted(c.text.strip().lower() for c in choices)
        multiple = cardinality != "single" or _attr(interaction, "max-choices", "1") != "1"
        if texts == ["false", "true"] and not multiple and len(correct) == 1:
            truth = next(c.text.strip().lower() == "true" for c in choices if c.correct)
            return Item(
                kind="question", type="true_false", prompt=prompt, truth=truth,
                explanation=explanation, title=title, where=where,
            )  # fmt: skip
        return Item(
            kind="question", type="mcq_multi" if multiple else "mcq", prompt=prompt,
            choices=choices, explanation=explanation, title=title, where=where,
        )  # fmt: skip
    if kind == "qti-text-entry-interaction":
        accepted = tuple(dict.fromkeys(a for a in (*correct, *mapped) if a))
        holder = _block_of(body, interaction)
        inline = holder is not None and _text_of(holder, mark=_MARK).strip() != _MARK
        text = _text_of(body, mark=_MARK)
        if inline:
            return Item(
                kind="question", type="cloze", prompt=tidy(text.replace(_MARK, BLANK)),
                accepted=accepted, explanation=explanation, title=title, where=where,
            )  # fmt: skip
        return Item(
            kind="question", type="short_answer", prompt=tidy(text.replace(_MARK, "")),
            accepted=accepted, explanation=explanation, title=title, where=where,
        )  # fmt: skip
    raise FormatError(f"a {kind.removeprefix('qti-')}; Retain reads choice and text-entry items.")


def _block_of(body: ET.Element, target: ET.Element) -> ET.Element | None:
    """The nearest block (``p``, ``div``…) holding ``target``."""
    parents = {child: parent for parent in body.iter() for child in parent}
    node = parents.get(target)
    while node is not None and _name(node) not in _BLOCK and node is not body:
        node = parents.get(node)
    return node if node is not None and node is not body else None
