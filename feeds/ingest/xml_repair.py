"""Malformed feed XML made well-formed without losing text: entities, stray ampersands, bad characters.

libxml2's recovering parser drops what it cannot read (every later `&amp;` of the document, the
rest of a field after `&nbsp;`); here the usual faults are mended in the text instead, so that a
strict parse then reads everything. A feed's own `<!ENTITY>` declarations are expanded here,
by simple substitution with a size budget: never by the XML parser, never from outside the
document, so billion-laughs and external entities stay harmless.
"""

from __future__ import annotations

import re
from html.entities import html5, name2codepoint

# The internal subset of a DOCTYPE, or a DOCTYPE without one.
_DOCTYPE = re.compile(r"<!DOCTYPE\s[^\[>]*(?:\[(?P<subset>.*?)\]\s*)?>", re.DOTALL | re.IGNORECASE)
_ENTITY_DECL = re.compile(r"""<!ENTITY\s+([A-Za-z_:][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>""")
_ANY_ENTITY_DECL = re.compile(r"<!ENTITY\s+([A-Za-z_:][\w.:-]*)")  # external ones too (not parameter ones)
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")
# An ampersand and what follows it: a well-formed reference or anything else.
_AMPERSAND = re.compile(r"&(?:(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][\w.:-]*);|#X([0-9a-fA-F]+);)?")
# Characters XML 1.0 forbids anywhere, even as references.
# (Surrogates spelled with chr(): mypyc compiles no surrogate in a string literal.)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f" + chr(0xD800) + "-" + chr(0xDFFF) + "\ufffe\uffff]")
_CUT_END_TAG = re.compile(r"</[A-Za-z_][\w:.-]*(?=\s*\Z)")
_XML_NAMED = frozenset({"amp", "lt", "gt", "quot", "apos"})
# A declared entity may expand to at most this many characters, all its references included:
# far more than any real `&nbsp;`-style declaration, far less than a billion laughs.
_ENTITY_BUDGET = 10_000


def declared_entities(subset: str) -> dict[str, str]:
    """The internal general entities of a DTD subset, expanded, each within the budget.

    External (SYSTEM/PUBLIC) and parameter entities are not read at all. An external entity,
    or one whose expansion would pass the budget (a billion laughs), expands to nothing.
    """
    raw = {m[1]: m[2] if m[2] is not None else m[3] for m in _ENTITY_DECL.finditer(subset)}
    done: dict[str, str] = {}

    def expand(name: str, seen: frozenset[str]) -> str | None:
        if name in done:
            return done[name]
        text = raw[name]
        out: list[str] = []
        size = 0
        pos = 0
        for m in _REFERENCE.finditer(text):
            ref = m[1]
            piece: str | None = m[0]
            if ref in raw and ref not in seen:
                piece = expand(ref, seen | {ref})
                if piece is None:
                    return None
            out.append(text[pos:m.start()])
            out.append(piece or "")
            size += m.start() - pos + len(piece or "")
            pos = m.end()
            if size > _ENTITY_BUDGET:
                return None
        out.append(text[pos:])
        value = "".join(out)
        if len(value) > _ENTITY_BUDGET:
            return None
        done[name] = value
        return value

    for name in raw:
        expand(name, frozenset({name}))
    return {name: done.get(name, "") for name in _ANY_ENTITY_DECL.findall(subset)}


def strip_doctype(text: str) -> tuple[str, dict[str, str]]:
    """The document without its DOCTYPE, and the entities its internal subset declared."""
    m = _DOCTYPE.search(text, 0, 65536)
    if m is None:
        return text, {}
    subset = m["subset"]
    entities = declared_entities(subset) if subset and "<!ENTITY" in subset else {}
    return text[:m.start()] + text[m.end():], entities


def _reference(m: re.Match[str], entities: dict[str, str]) -> str:
    body = m[1]
    if body is None:
        if m[2] is not None:  # &#X41; -- HTML allows the capital X, XML does not
            return _char_ref(int(m[2], 16))
        return "&amp;"  # a stray ampersand
    if body[0] == "#":
        return _char_ref(int(body[2:], 16) if body[1] == "x" else int(body[1:]))
    if body in _XML_NAMED:
        return m[0]
    if body in entities:
        return _escape_text(entities[body]) if "<" not in entities[body] else entities[body]
    if (code := name2codepoint.get(body)) is not None:  # HTML 4's table first: &lang; is U+2329 there
        return f"&#{code};"
    if (char := html5.get(body + ";")) is not None:
        return "".join(f"&#{ord(c)};" for c in char)
    return "&amp;" + body + ";"  # an unknown name: shown as written, as browsers do


def _escape_text(value: str) -> str:
    # An entity's value is substituted as text: a lone "&" in it must stay a character. A
    # reference in it was already expanded by declared_entities or is a character reference.
    return _AMPERSAND.sub(lambda m: m[0] if m[1] is not None else "&amp;", value)


def _char_ref(code: int) -> str:
    if code > 0x10FFFF or _NOT_XML.match(chr(code)):
        return ""  # &#xD800; or &#1;: no character to keep, and the rest of the feed stays
    return f"&#{code};"


def repair(text: str, entities: dict[str, str] | None = None) -> str:
    """`text` (without DOCTYPE) with every reference well-formed and no forbidden character.

    Undeclared HTML entities become character references; declared ones their value; stray
    ampersands `&amp;`; references to characters XML forbids are dropped, as are those
    characters themselves; a last end tag cut before its ">" is closed.
    """
    text = _NOT_XML.sub("", text)
    table = entities or {}
    text = _AMPERSAND.sub(lambda m: _reference(m, table), text)
    if (m := _CUT_END_TAG.search(text, max(0, len(text) - 200))) is not None:
        text = text[:m.end()] + ">"  # "</rss" at the very end: a copy cut one byte short
    return text
