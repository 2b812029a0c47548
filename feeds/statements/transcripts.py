"""Transcripts: paragraphs that open with a speaker's label ("Vladimir Putin:", "MR MILLER:") are turns.

Kremlin transcripts, press-briefing records and interview Q&As print who speaks as a label, with no
quotation marks. A turn runs from the label to the next label; paragraphs without one continue it.
A label naming a person makes the turn a statement; "Question:", "Remark:", "Вопрос:" only end the
turn before them. One regex per paragraph start: linear in the text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import FIRST_NAMES, is_role_word
from .quotes import Paragraph

# A paragraph's opening words up to a colon followed by the turn's first word (not a quotation
# mark: "NELSON: “...”" is a quotation with its speaker before it, read as one).
_LABEL = re.compile(r"(?P<label>[^\W\d_][^:\n“”\"„]{0,158}?)[ \u00a0]?:[ \u00a0]+(?=\S)")
# ...unless the marks hold a name the turn's first sentence goes on from ("Borisov: «Soyuz» flies
# again"): the closing mark is followed by a lowercase word, the sentence's verb.
_NAME_FIRST = re.compile(r"(?:«[^«»\n]{1,60}»|“[^“”\n]{1,60}”|\"[^\"\n]{1,60}\")[ \u00a0]+(?=[^\W\d_])")
_OPENING_MARKS = "“”\"«»„‘"
# Small words a title may hold ("Director General of the Roscosmos State Corporation for Space
# Activities Yury Borisov"); every other word of a label is capitalised or a title word.
_TITLE_GLUE = frozenset("of the for and on at in de du des la le l' по при и в по".split())
# Labels that name nobody: the turn ends there and is no statement.
UNNAMED_LABELS = frozenset("""
question questions q remark remarks reply replies answer a voice voices journalist journalists reporter reporters
audience participant moderator interviewer host anchor correspondent comment interjection off-mic
вопрос реплика ответ журналист журналисты корреспондент ведущий голос голоса из зала участник
question réponse remarque journaliste intervenant animateur
""".split())
_PAREN = re.compile(r"(.*?\S)\s*\(([^()]{1,80})\)")
_HONORIFICS = frozenset("mr mrs ms miss dr prof sir madam г-н г-жа m. mme".split())
_SPLIT_INITIAL = re.compile(r"(?<=[.])(?=[^\W\d_])")  # "В.Путин" -> "В. Путин"
# Words that make a capitalised phrase before a colon something else than a speaker: "Note:",
# "Update:", "Photo:", "Watch:", "Read more:", "Source:", datelines.
_NOT_SPEAKER = frozenset("""
note notes update updated editor's editors photo photos image video watch read more see also source sources
related background correction clarification disclaimer warning summary transcript excerpt excerpts
agenda topic subject title date time location place venue programme program schedule contents
""".split())
MAX_LABEL = 160
_MARK = re.compile("[“«„\"]")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


class Turn(NamedTuple):
    """One speaker's turn: its label and the (start, end) of its words in each paragraph."""

    paragraph: int
    label_start: int
    label_end: int
    label: str  # as written, honorific split off and initials spaced: "Yury Borisov", "Miller"
    named: bool  # a person's label (a statement), not "Question:"
    parts: tuple[tuple[int, int], ...]


def _label_at(text: str, par: Paragraph) -> tuple[int, int, int, str, bool] | None:
    """(label start, label end, where the words start, the speaker as written, named?) of a
    paragraph that opens with a label, else None."""
    m = _LABEL.match(text, par.start, min(par.end, par.start + MAX_LABEL))
    if m is None:
        return None
    if text[m.end()] in _OPENING_MARKS:
        marked = _NAME_FIRST.match(text, m.end(), par.end)
        if marked is None or not text[marked.end()].islower():
            return None
    raw = m.group("label").strip()
    # "HIROSHI YAMAKAWA (JAXA President)", "QUESTION (NHK)": a parenthesis after the label says
    # whom the speaker is with; the speaker is the words before it
    paren = _PAREN.fullmatch(raw)
    core = paren.group(1) if paren is not None else raw
    words = core.split()
    if len(words) > 14 or not all(_label_word(w) for w in words):
        return None
    low = core.lower().rstrip(".")
    if low in UNNAMED_LABELS or (len(words) <= 2 and words[-1].lower().rstrip(".") in UNNAMED_LABELS):
        return m.start("label"), m.start("label") + len(raw), m.end(), raw, False
    if any(w.lower().strip(".’'") in _NOT_SPEAKER for w in words):
        return None
    name = _SPLIT_INITIAL.sub(" ", core)
    parts = name.split()
    if len(parts) > 1 and parts[0].lower().rstrip(".") in _HONORIFICS:
        parts = parts[1:]  # "MR MILLER", "Mr Bakanov"
    if not parts or (len(parts) == 1 and not raw[:1].isupper()):
        return None
    if parts and all(p.isupper() and len(p) > 2 for p in parts[-2:]):
        parts = [p.capitalize() for p in parts]  # "MR MILLER" -> "Miller"
    return m.start("label"), m.start("label") + len(raw), m.end(), " ".join(_trailing_name(parts)), True


def _trailing_name(words: list[str]) -> list[str]:
    """The person at the end of a titled label: the words after its last title or small word,
    at most a given name and a surname unless the first is a known given name ("General Director
    of the Roscosmos State Corporation for Space Activities Yury Borisov" -> "Yury Borisov")."""
    k = len(words)
    while k > 0 and words[k - 1][:1].isupper() and not is_role_word(words[k - 1].lower()):
        k -= 1
    name = words[k:] or words[-1:]
    while len(name) > 2 and name[0] not in FIRST_NAMES:
        name = name[1:]
    return name


def _label_word(word: str) -> bool:
    w = word.strip("«»\"“”()")
    return not w or w[0].isupper() or w.lower() in _TITLE_GLUE or is_role_word(w.lower()) or w[:2] in ("l'", "l’")


def find_turns(text: str, paragraphs: list[Paragraph]) -> list[Turn]:
    """The turns of a transcript, in order; none unless two paragraphs or more open with a label
    (one "Update: ..." line does not make an article a transcript)."""
    labels: list[tuple[int, tuple[int, int, int, str, bool]]] = []
    for par in paragraphs:
        if par.end - par.start < 3:
            continue
        c = text[par.start]
        if not (c.isupper() or c.isdigit()):
            continue
        found = _label_at(text, par)
        if found is not None:
            labels.append((par.index, found))
    if len(labels) < 2 or not any(found[4] for _i, found in labels):
        return []
    surnames = {found[3].split()[-1] for _i, found in labels if found[4] and found[3]}
    turns: list[Turn] = []
    for k, (index, (ls, le, words_at, label, named)) in enumerate(labels):
        last = labels[k + 1][0] if k + 1 < len(labels) else len(paragraphs)
        parts = [(words_at, paragraphs[index].end)]
        for par in paragraphs[index + 1:last]:
            body = text[par.start:par.end].strip()
            if body[:1] in "([<" and body[-1:] in ")]>":
                break  # "(End of excerpts.)": the editor's voice ends the turn
            if _reports_speaker(text, par, surnames):
                break  # "Afterwards, Miller told reporters she was “...”": the writer's voice again
            parts.append((par.start, par.end))
        parts = [(s, _rstrip(text, s, e)) for s, e in parts]
        turns.append(Turn(index, ls, le, label, named, tuple((s, e) for s, e in parts if e > s)))
    return turns


def _reports_speaker(text: str, par: Paragraph, surnames: set[str]) -> bool:
    """Does the paragraph quote one of the transcript's speakers by name, in quotation marks? A
    speaker's own words carry no marks around them: that is the writer reporting."""
    first = _MARK.search(text, par.start, par.end)
    if first is None:
        return False
    return any(w in surnames for w in _WORD.findall(text, par.start, first.start()))


def _rstrip(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e
