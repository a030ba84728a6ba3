"""Structural checks on a page's HTML, judged as a browser parses it.

The test client sees the HTML Django wrote; a browser sees the tree its
parser builds from it. The two part ways where forms are concerned: a
`<form>` start tag met while another form is open is dropped, and the inner
`</form>` then closes the outer form, so every control after it belongs to no
form and its button does nothing. html5lib builds the same tree as a browser,
including the parser's *form element pointer*, so `problems()` replays the
parse and reports, in lines a developer can act on:

- a nested `<form>` start tag (the one the browser drops);
- a named `input`, `select`, `textarea` or `button` with no form owner: no
  `form="id"` naming a form in the page, no form open (by the pointer) when
  the parser created it, and no form around it in the tree; and any control
  whose `form="id"` names no form (a restore button pointing at a form that
  is not there);
- an `id` used twice.

html5lib 1.1 does not know `<template>` (it parses its contents as ordinary
markup), so a page with one is reported as beyond this checker rather than
judged wrongly.
"""

import re
from collections import Counter

import html5lib
from html5lib.constants import namespaces
from html5lib.treebuilders import getTreeBuilder

HTML = namespaces["html"]
CONTROLS = {"input", "select", "textarea", "button"}
_EtreeBuilder = getTreeBuilder("etree")


def problems(html: str) -> list[str]:
    """What is structurally wrong with this page, one line per problem;
    an empty list for a sound page."""
    parser = _Parser(tree=_FormOwnerBuilder)
    document = parser.parse(html)
    builder = parser.tree
    found = [*parser.found, *builder.found]

    forms = {}
    ids = Counter()
    parents = {child: parent for parent in document.iter() for child in parent}
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        element_id = element.get("id")
        if element_id is None:
            continue
        ids[element_id] += 1
        # getElementById, and so form="…", finds the first element with the id.
        forms.setdefault(element_id, element if _is(element, "form") else None)
    found += [
        f"duplicate id {value!r} ({count} elements)"
        for value, count in ids.items()
        if count > 1
    ]

    for element, pointer, line in builder.controls:
        if "form" in element.attrib:
            target = element.get("form")
            if forms.get(target) is None:
                found.append(
                    f"line {line}: {_describe(element)} names form={target!r}, "
                    "but no <form> has that id: it belongs to no form"
                )
        elif pointer is None and element.get("name") and not _in_form(element, parents):
            found.append(
                f"line {line}: {_describe(element)} is outside any form: "
                "the browser will not submit it"
            )
    return found


class _Parser(html5lib.HTMLParser):
    """Notes the `<form>` start tags the parser drops because a form is open."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.found = []

    def reset(self):
        super().reset()
        self.found = []
        self.tree.where = self.tokenizer_position

    def tokenizer_position(self):
        return self.tokenizer.stream.position()[0]

    def parseError(self, errorcode="XXX-undefined-error", datavars=None):
        super().parseError(errorcode, datavars)
        nested = (
            errorcode == "unexpected-start-tag"
            and (datavars or {}).get("name") == "form"
        ) or (errorcode == "unexpected-form-in-table" and self.tree.formPointer)
        if nested:
            # The tokenizer's current token is the start tag being dropped.
            dropped = self.tokenizer.currentToken
            self.found.append(
                f"line {self.tokenizer_position()}: "
                f"{_tag('form', dropped['data'])} inside "
                f"{_describe(self.tree.formPointer)}: the browser drops this "
                "start tag, and its </form> closes the outer form"
            )


class _FormOwnerBuilder(_EtreeBuilder):
    """Records, for each control the parser creates, the form element pointer
    at that moment: the form the browser makes its owner (a control created
    while no form is open gets, once inserted, the form it sits in, if any)."""

    def reset(self):
        super().reset()
        self.controls = []
        self.found = []
        self._last = None
        self.where = lambda: None

    def insertElementNormal(self, token):
        element = super().insertElementNormal(token)
        self._created(element, token)
        return element

    def insertElementTable(self, token):
        element = super().insertElementTable(token)
        self._created(element, token)
        return element

    def _created(self, element, token):
        # insertElementTable may hand over to insertElementNormal: note once.
        if element is self._last:
            return
        self._last = element
        if element.nameTuple == (HTML, "template"):
            self.found.append(
                f"line {self.where()}: <template> is not modelled by html5lib "
                "1.1; tests/html_structure.py cannot judge this page"
            )
        if element.nameTuple[0] == HTML and element.name in CONTROLS:
            if token["data"].get("name") or "form" in token["data"]:
                self.controls.append((element._element, self.formPointer, self.where()))


def _in_form(element, parents):
    """A control the parser did not give to the open form still gets, once
    inserted, the nearest form it sits in."""
    while (element := parents.get(element)) is not None:
        if _is(element, "form"):
            return True
    return False


def _is(element, name):
    return element.tag in (name, f"{{{HTML}}}{name}")


def _describe(node):
    """`<input type="submit" name="_save">`, readable in a failure message."""
    element = getattr(node, "_element", node)
    return _tag(re.sub(r"^\{.*\}", "", element.tag), element.attrib)


def _tag(name, attributes):
    shown = [
        f'{key}="{attributes[key]}"'
        for key in ("type", "name", "value", "id", "class", "action", "form")
        if key in attributes
    ]
    return "<" + " ".join([name, *shown]) + ">"
