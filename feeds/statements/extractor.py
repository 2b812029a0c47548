"""Text -> statements: each quotation, who said it, the actor they speak for, spans and key scores."""

from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass

from ..models import Extraction, LearnedPerson, Statement, make_statement
from .actors import OTHER, ActorResolver
from .attribution import (
    _OPENER_CAPS,
    _PHRASE_ENDS,
    _VERB_CANDIDATES,
    MAX_WINDOW,
    Attribution,
    NounPhrase,
    Tok,
    _is_apposition_start,
    according_to,
    chez_np,
    complementizer_verb,
    inverted_verb,
    is_addressee_verb,
    is_cap,
    is_pronoun,
    np_after,
    np_after_toks,
    np_before_toks,
    np_has_name,
    np_ish,
    opens_description,
    speech_verbs,
    token_count,
    tokens,
    verb_after_subject,
)
from .context import location_of, real_boundary
from .discourse import Discourse
from .entities import Entity, Mention, Resolved, record_tie
from .keyquotes import key_indexes, score_quote
from .lang import detect_lang
from .lexicon import (
    ALL_SPEECH_VERBS,
    FIRST_PERSON,
    FUNCTION_WORDS,
    INDEPENDENT_ROLES,
    NOT_NAMES,
    PHRASAL_PARTICLES,
    PRONOUNS,
    SKIP_BEFORE_VERB,
    SPEECH_VERBS_FR,
    TIME_WORDS,
)
from .quotes import QuoteSpan, find_quotes, split_paragraphs
from .roles import role_of, roles_in
from .transcripts import Turn, find_turns
from .translit import has_cyrillic

# Raised whenever the same text may yield different statements: `spacewatch reextract` then redoes
# what older versions stored.
EXTRACTOR_VERSION = 11

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
# What may open a sentence: a capital, a digit, an opening quotation mark, a bracket, a dash.
_NEXT = r"[\"“«„‘(\[—–\-" + _UPPER + r"0-9]"
# A sentence end: terminal marks, closing marks, spaces and what opens the next sentence
# (`[.!?…]+[\"”»’')\]]*\s+(?=NEXT)`), or a blank line (`\n\s*\n`). Written to open with one
# character class, which lets the regex engine skip ahead to the candidates instead of trying
# both alternatives at every position (three to four times faster over a clause).
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"”»’')\]]*\s+(?=" + _NEXT + r")|(?<=\n)\s*\n)")
_TERMINAL = ".!?…"
# An acronym, then an opening bracket or a dash: what follows in quotation marks is its gloss.
_GLOSS_BEFORE = re.compile(r"\b[A-ZА-ЯЁ]{2,6}[ \u00a0\u202f]*[(–—][ \u00a0\u202f]*$")
# A comma after the closing mark, then a relative pronoun (with its preposition) that refers back
# to the quoted words: Russian «который» in any case, French qui/dont/que/où/lequel, English which.
_RELATIVE_AFTER = re.compile(
    r"[ \u00a0\u202f]*,[ \u00a0\u202f]*(?:(?:о|об|в|во|на|с|со|за|про|для|к|ко|по|от|из|при)[ \u00a0]+)?"
    r"(?:котор\w+|qui|dont|que|qu’|qu'|où|lequel|laquelle|lesquels|lesquelles|which)(?=[\W])")
# Words that may stand between a quotation and the attribution after it, as part of the verb or of
# the subject: the auxiliaries of a French compound past (« ... », a déclaré X) and the determiners
# that open a subject noun phrase (“...,” the mission's flight director said).
_FR_AUXILIARIES = frozenset("a ont avait avaient aurait auraient est sont était".split())
_DETERMINERS = frozenset("the a an his her their its this that our my le la les l’ l' son sa ses leur".split())
# _BOUNDARY read backwards, for finding the start of the sentence a quotation sits in: a match
# opening with a newline is a blank line, any other opens with the next sentence's first character
_REV_BOUNDARY = re.compile(r"[\"“«„‘(\[—–\-" + _UPPER + r"0-9\n](?:(?<=" + _NEXT + r")\s+[\"”»’')\]]*[.!?…]"
                           r"|(?<=\n)\s*\n)")
_LABEL = re.compile(rf"[{_UPPER}][{_UPPER}'’\-]{{2,}}(?:[ \u00a0][{_UPPER}][{_UPPER}'’\-]{{2,}})?(?=\s*[,:(])")
_ASKED = re.compile(r"(?:asked|when asked|questioned|pressed|interrogée?|на вопрос|отвечая на вопрос|"
                    r"в ответ на вопрос|on whether|about whether)\b", re.IGNORECASE)
# «A, — сказал он. — B» and « A, a lancé X. B »: an attribution inside one pair of guillemets
_INNER_RU = re.compile(r"(?<=[,.!?…])\s*[—–]\s*(?P<att>[^—–«»\n]{2,160}?)[.,]?\s*[—–]\s*(?=\S)")
# (or a speech verb in the present or the imperfect before its subject: « A, analyse Léa X, chercheuse. B »)
_FR_FINITE = "|".join(sorted((v for v in SPEECH_VERBS_FR if not v.endswith(("é", "r"))), key=len, reverse=True))
_FR_VERB = (r"(?:(?:a|ont|avait)(?:-t-(?:il|elle))?\s+\w+|\w+-t-(?:il|elle)|\w+-(?:il|elle)|(?:" + _FR_FINITE
            + r")\s+(?=[A-ZÀ-Ý]|(?:le|la|les|l'|l’|son|sa|leur|un|une)\b))")
# (a full stop after a one-letter word before a capital is an initial's or « M. »'s, not the end)
_INNER_FR = re.compile(r"(?<=,)\s+(?P<att>" + _FR_VERB
                       + r"(?:[^.«»\n]|(?<=\b\w)\.(?=\s\w)){0,160}?)(?<!\b\w)\.\s+(?=\S)")  # , a lancé X. B
_INNER_FR_COMMA = re.compile(r"(?<=,)\s+(?P<att>" + _FR_VERB + r"[^.,«»\n]{0,80}?),\s+(?=\S)")  # , dit-il, b
_PUNCT = ".,;:!?\"'“”«»„‘’()[]…—–-/*&%$#@"
# “...,” Borissov said. / “...,” said Yuri Borissov on Tuesday. / “...?” she asked.
_SIMPLE_VERBS = ("said|says|added|asked|told reporters|stressed|continued|explained|noted|wrote|replied|answered"
                 "|insisted|warned|recalled|agreed|argued|admitted|acknowledged|conceded|cautioned")
_NAME = r"[A-Z][a-z’'\-]+(?: (?:(?:van|der|de|von|da|al|bin) ){0,2}[A-Z][a-z’'\-]+){0,2}"
_SIMPLE_AFTER = re.compile(
    rf"\s+(?:(?P<name>{_NAME})|(?P<pron>he|she))\s+(?P<v1>{_SIMPLE_VERBS})"
    rf"(?:\s+(?:on|in|at|during|after|earlier|later|last)\b[^,;:.!?“”\"«»—]{{0,40}})?\.?\s*$")
_GLUED_INITIAL = re.compile(r"\b\w{1,2}\.(?=\w)")
# "she is one of six NASA flight directors", "he is a Roscosmos engineer": what the person is
_PREDICATE = re.compile(r"\b(?P<subj>[Ss]he|[Hh]e) (?:is|has been) (?:(?:one|among|part) of (?:the |\w+ )?|an? |the )"
                        r"(?P<np>[^.,;:!?“”\"«»()—–]{3,80})")
# "Космонавту Роскосмоса 44 года": a sentence opening with a title and a body, no name
_RU_DESCRIPTION = re.compile(r"(?:(?<=\n)|(?<=[.!?…] ))[А-ЯЁ][а-яё\-]+ [А-ЯЁ][\w\-]+(?= )")
_RELATIVES_ANY = frozenset("who whose which that where когда который которая которые где".split())
_RSTRIP_PUNCT = operator.methodcaller("rstrip", ".,;:!?")
_LETTER = re.compile(r"[^\W\d_]")
# (the lookahead after the apposition changes nothing it matches — what follows needs one of those
# characters or the end — but it lets each step of the lazy repeat fail on one character test)
_SIMPLE_VS = re.compile(
    rf"\s+(?P<v>said|added|asked|wrote|stressed|continued)\s+(?:(?P<org>[A-Z][A-Za-z]+)['’]s\s+)?(?P<name>{_NAME})"
    rf"(?:,\s+(?P<app>[^,.;:!?“”\"«»()—]{{2,100}}?)(?![^,.\s]))?(?:,?\s+in an interview)?\.?\s*$")
_SIMPLE_ACCORDING = re.compile(rf"According to (?P<name>{_NAME}),\s*$")
_SIMPLE_COLON = re.compile(
    rf"(?P<name>{_NAME})(?:,\s+(?P<app>[^,.;:!?“”\"«»()—]{{2,100}}?),)?\s+(?P<v>said|added|wrote|told reporters):\s*$")
_SIMPLE_STATEMENT = re.compile(r"(?P<loc>In a (?:brief |short |written )?statement), (?P<org>[^,.;:!?“”\"«»()—]{2,60}) "
                               r"(?P<v>said):\s*$")
# Jim Free described the decision as “...” / Borissov told the agency “...”: a plain name (no
# particles, apostrophes or hyphens, which the clause reader may split off), its verb, then
# lowercase words only; _plain_subject checks the rest the clause reader would look at.
_SIMPLE_SV = re.compile(r"(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}) (?P<v>[a-z]+)(?P<rest>(?: [a-z]+){0,8})\s*$")
_NAME_PARTICLES = frozenset(("van", "der", "de", "von", "da", "al", "bin"))
_INNER_HINT = re.compile(r"[—–]|-t-|-(?:il|elle)\b|, (?:a|ont) |, (?:" + _FR_FINITE + ") ")
_INNER_HINT_RU = re.compile(r"[—–]")
_CONJ = frozenset("and but or и а но et mais or".split())
_SMALL_WORDS = frozenset("of the and a an to in on for at by with from de la le les du des et à и в на".split())

# Words just before a quotation that make it a name, a nickname or a title rather than speech.
_MARK_WORDS = frozenset("""so-called nicknamed dubbed titled entitled codenamed code-named surnommé surnommée
surnommés surnommées baptisé baptisée intitulé intitulée""".split())
_MARK_PHRASES = frozenset(("known as", "the title", "the word", "the words", "the term", "the phrase", "the slogan",
                           "the hashtag", "so called", "под названием"))
_MARK_PREFIXES = ("называем", "прозван")
# Nouns before a capitalised quotation that make it a name: the rocket “Proton”, газета «Известия».
_THING_WORDS = frozenset("""brochure report book film movie documentary newspaper magazine paper show series
programme program operation project mission module rocket ship spacecraft satellite probe lander rover vehicle
channel daily weekly app website podcast named called appelé appelée dit dite programme fusée journal
quotidien série opération projet émission russe""".split())
_THING_PREFIXES = ("газет", "телеканал", "журнал", "программ", "проект", "операци", "мисси", "ракет", "станци",
                   "корабл", "модул", "фильм", "книг", "спутник", "систем", "аппарат", "агентств", "издани",
                   "радиостанци", "компани")


@dataclass(slots=True)
class _Candidate:
    q: QuoteSpan
    text: str
    partial: bool
    parts: list[tuple[int, int]]
    inner: tuple[int, int] | None = None  # an attribution inside the marks
    attribution: Attribution | None = None
    resolved: Resolved | None = None
    how: str = ""
    end_at: int = 0  # close of the last merged part


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    pieces: list[tuple[str, int, int, _Candidate | None]]  # ("g", s, e, None) or ("q", open, close, cand)
    paragraph: int


class _Article:
    """One extraction: finds the quotations, reads the clause around each, and resolves speakers."""

    def __init__(self, text: str, title: str | None, lang: str | None, resolver: ActorResolver,
                 feed_actor: str | None) -> None:
        self.text = text
        self.title = title
        self.r = resolver
        self.feed_actor = resolver.canonical_actor(feed_actor)
        self.cyrillic = has_cyrillic(text)
        self.lang = detect_lang(text, lang, cyrillic=self.cyrillic)
        self.appositions = resolver.cache("appositions")
        self.bodies = resolver.cache("statement bodies")  # "In a statement, X said:" phrases -> (actor, span)
        self.labels: dict[int, Resolved | None] = {}

    def run(self) -> Extraction:
        text = self.text
        self.paragraphs = split_paragraphs(text)
        self.par_starts = [p.start for p in self.paragraphs]
        spans = find_quotes(text, self.paragraphs)
        turns = find_turns(text, self.paragraphs) if ":" in text else []
        if turns:
            # a quotation inside a turn belongs to the turn (a nested quotation is the outer one's)
            inside = [(t.parts[0][0], t.parts[-1][1]) for t in turns]
            spans = [q for q in spans if not _within(q.open_at, inside)]
        self.d = Discourse(text, self.r, self.feed_actor, [(q.open_at, q.close_at) for q in spans], self.cyrillic)
        self.turns = [self._turn(t) for t in turns if t.named]
        cands = self._candidates(spans)
        for sent in self._sentences(cands):
            self._attribute(sent)
        if "he is " in text or "he has been " in text or self.cyrillic:
            self._predicate_ties(cands)
        statements = self._finish(cands)
        out = Extraction(statements=tuple(statements), mentions=self._mentions(statements),
                         learned=self._learned())
        self.d.release()
        return out

    def _turn(self, t: Turn) -> tuple[Turn, Resolved | None]:
        """A transcript turn's speaker, read from its label like any speaker phrase
        ("Director General of the Roscosmos State Corporation ... Dmitry Bakanov", "В.Путин")."""
        text = self.text
        toks = tokens(text, t.label_start, t.label_end)
        np = NounPhrase(toks)
        if toks and toks[-1].word == ")" and any(x.word == "(" for x in toks):
            # "HIROSHI YAMAKAWA (JAXA President)": the parenthesis is the speaker's title
            k = max(i for i, x in enumerate(toks) if x.word == "(")
            np = NounPhrase(list(toks[:k]), [list(toks[k + 1:-1])] if len(toks) > k + 2 else [])
        head = np.head
        res = None
        if head and not (len(head) == 1 and not self.d.mentions.has_name(head[0])):
            res = self.d.coref.resolve_np(np, t.label_start, self.paragraphs[t.paragraph].start)
        if res is not None and res.entity is not None and res.entity.known is None and res.speaker is not None \
                and _GLUED_INITIAL.search(res.speaker):
            res = None  # "И.Левченко": an initial glued to a surname is the person named in full before
        if res is None or res.entity is None or res.speaker is None or len(res.speaker) > len(t.label) + 3:
            ent = self.d.cast.person_entity(t.label, t.label_start)  # "MR MILLER": a surname alone
            if np.appositions and ent.tie is None:
                # ("KEISUKE ITO (JAXA HTV-X Project Manager)": the title in the label ties them)
                actor, former, roles, _ref, role_text = self.d.titles.describe(np.appositions, t.label_start)
                record_tie(ent, actor, former, roles, role_text, t.label_start)
            self.d.titles.actor_of(ent)
            res = Resolved(ent.name, text[t.label_start:t.label_end], ent.actor, ent)
        else:
            res.as_written = text[t.label_start:t.label_end]
        if res.entity is not None:
            self.d.mentions.spoke(res.entity, t.label_start)
            if res.entity.kind == "person" and res.entity.tie is None and " " in t.label:
                self._introduced(res.entity, t.label, t.label_start)
        return t, res

    def _introduced(self, ent: Entity, label: str, before: int) -> None:
        """"The moderator was Tamsin Quarrell of NASA Communications." ¶ "Tamsin Quarrell: ...": the
        label says the words are a person's name, so where the article wrote the same name before
        (a name the scan could not tell from a body's) is theirs, with its title and apposition."""
        text = self.text
        k = text.find(label, 0, before)
        while k >= 0:
            e = k + len(label)
            if (k == 0 or not text[k - 1].isalnum()) and not text[e:e + 1].isalnum() and ent.mention_at(k) is None:
                ent.add_mention(Mention(k, e, ent, False))
            k = text.find(label, e, before)

    def _predicate_ties(self, cands: list[_Candidate]) -> None:
        """"A flight director since 2011, she is one of six NASA flight directors" / "Космонавту
        Роскосмоса 44 года": a sentence that says what the person just written about is (a title
        and a body, no name, no speech) ties them to that body, when nothing else has."""
        text = self.text
        d = self.d
        found: list[tuple[int, str, int, int]] = []  # (position, pronoun, phrase start, phrase end)
        for m in _PREDICATE.finditer(text):
            found.append((m.start(), m.group("subj").lower(), m.start("np"), m.end("np")))
        if self.cyrillic:
            for m in _RU_DESCRIPTION.finditer(text):
                end = _BOUNDARY.search(text, m.end())
                sentence = text[m.start():end.start() if end is not None else len(text)]
                if "«" in sentence or speech_verbs(tokens(text, m.start(), m.start() + len(sentence))):
                    continue
                pair = tokens(text, m.start(), m.end())
                if len(pair) > 1 and d.mentions.has_name(pair[1]):
                    continue  # "Космонавт Олег Петров, ...": a title and its own name, not what "он" is
                found.append((m.start(), "он", m.start(), m.end()))
        for pos, pronoun, s, e in found:
            words = tokens(text, s, e)
            cut = next((i for i, t in enumerate(words)
                        if i > 0 and (t.low in _RELATIVES_ANY or d.mentions.has_name(t))), len(words))
            toks = list(words[:cut])
            if not toks or not any(role_of(t.low) or (t.low[-1:] == "s" and role_of(t.low[:-1])) for t in toks):
                continue
            actor, _former, roles, _ref, _role_text = d.titles.describe([toks], s)
            if actor is None:
                continue
            res = d.coref.resolve_pronoun(pronoun, pos, pronoun)
            ent = res.entity if res is not None else None
            if ent is None:
                # (no subject named outside the quotations yet: the last person quoted)
                spoke = [c.resolved.entity for c in cands if c.q.close_at < pos and c.resolved is not None]
                ent = spoke[-1] if spoke else None
            if ent is not None and ent.kind == "person" and d.titles.actor_of(ent) is None:
                record_tie(ent, actor, None, roles, None, s)

    def _paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.par_starts, pos) - 1)

    # --- which quotations are speech --------------------------------------------------------

    def _candidates(self, spans: list[QuoteSpan]) -> list[_Candidate]:
        text = self.text
        paragraphs = self.paragraphs
        out: list[_Candidate] = []
        title = (self.title or "").strip()
        skip_first = bool(title) and bool(paragraphs) and text[paragraphs[0].start:paragraphs[0].end].strip() == title
        for q in spans:
            if skip_first and q.paragraph == 0:
                continue  # the headline repeated as the first paragraph
            qt = text[q.parts[0][0]:q.parts[0][1]] if len(q.parts) == 1 else q.text(text)
            if not qt[:1].isalpha() and not _LETTER.search(qt):  # (a letter first: the usual case)
                continue
            before = text[max(0, q.open_at - 40):q.open_at]
            stripped = before.rstrip(" \u00a0\u202f\t")
            par_start = paragraphs[q.paragraph].start
            initial = q.open_at - len(before) + len(stripped) <= par_start or not stripped \
                or stripped[-1] in ".!?…:;—–-\n("
            partial = not initial or qt[:1].islower()
            if partial or stripped.endswith(":"):
                words = qt.split(None, 8)  # enough to tell names and partials
                if partial and len(words) < 2:
                    continue  # one-word partials: names, scare quotes
                # words just before it (in its own sentence) can make it a nickname or a title
                marker, thing = _markers(before)
                if marker or (thing and qt[:1].isupper() and len(words) <= 4):
                    continue
                if partial and _name_like([w for w in words if w.strip(_PUNCT)], qt):
                    continue
            if len(q.parts) == 1 and (_gloss(before, qt) or _term_with_relative(text, q.close_at, qt)
                                      or (not partial and _name_as_subject(text, q.close_at, qt))):
                continue
            c = _Candidate(q, qt, partial, list(q.parts), end_at=q.close_at)
            if len(q.parts) == 1 and q.mark in "«„":  # only these carry «A, — сказал он. — B»
                self._inner_attribution(c)
            out.append(c)
        return out

    def _inner_attribution(self, c: _Candidate) -> None:
        """«A, — сказал он. — B» / « A, a lancé X. B »: split the quotation around its attribution."""
        text = self.text
        s, e = c.q.parts[0]
        hint = _INNER_HINT.search(text, s, e)
        if hint is None:
            return
        french = hint.group() not in "—–"
        for rx in (_INNER_RU if not french or _INNER_HINT_RU.search(text, s, e) else None,
                   _INNER_FR if french else None, _INNER_FR_COMMA if french else None):
            if rx is None:
                continue
            m = rx.search(text, s, e)
            if m is None:
                continue
            a_s, a_e = m.start("att"), m.end("att")
            p = a_s
            while p > s and text[p - 1] in " \u00a0\u202f":
                p -= 1
            if not speech_verbs(tokens(text, a_s, a_e)) \
                    and inverted_verb(tokens(text, max(s, p - 1), a_e), FUNCTION_WORDS) is None:
                continue  # (the slot right after the first part is a speech verb's, whatever its word)
            first_end = m.start()
            while first_end > s and text[first_end - 1] in " \u00a0\u202f":
                first_end -= 1
            second = m.end()
            if second >= e or first_end <= s:
                continue
            c.parts = [(s, first_end), (second, e)]
            c.text = text[s:first_end] + " " + text[second:e]
            c.inner = (a_s, a_e)
            return

    # --- sentences around the quotations ----------------------------------------------------

    def _sentences(self, cands: list[_Candidate]) -> list[_Sentence]:
        """The sentences that hold quotations, as gaps and quotations in order."""
        text = self.text
        out: list[_Sentence] = []
        cur: list[tuple[str, int, int, _Candidate | None]] = []
        prev: _Candidate | None = None
        for c in cands:
            q = c.q
            par = self.paragraphs[q.paragraph]
            if prev is not None and prev.q.close_at > q.open_at:
                continue
            same_par = prev is not None and prev.q.last_paragraph == q.paragraph
            if same_par:
                assert prev is not None
                b = self._first_boundary(prev.q.close_at, q.open_at, prev)
                if b is None:
                    cur.append(("g", prev.q.close_at, q.open_at, None))
                    cur.append(("q", q.open_at, q.close_at, c))
                    prev = c
                    continue
                cur.append(("g", prev.q.close_at, b[0], None))
                self._close(out, cur)
                lead = self._last_boundary(b[1], q.open_at)
            else:
                if prev is not None:
                    self._close_trailing(out, cur, prev)
                lead = self._last_boundary(par.start, q.open_at)
            while lead < q.open_at and text[lead] in " \t\n\u00a0":
                lead += 1
            cur = [("g", lead, q.open_at, None), ("q", q.open_at, q.close_at, c)]
            prev = c
        if prev is not None:
            self._close_trailing(out, cur, prev)
        return out

    def _close(self, out: list[_Sentence], cur: list[tuple[str, int, int, _Candidate | None]]) -> None:
        if cur:
            first = cur[1][3] if len(cur) > 1 and cur[1][3] is not None else None
            par = first.q.paragraph if first is not None else self._paragraph_of(cur[0][1])
            out.append(_Sentence(cur[0][1], cur[-1][2], cur, par))

    def _close_trailing(self, out: list[_Sentence], cur: list, prev: _Candidate) -> None:
        par_end = self.paragraphs[prev.q.last_paragraph].end
        b = self._first_boundary(prev.q.close_at, par_end, prev)
        cur.append(("g", prev.q.close_at, b[0] if b else par_end, None))
        self._close(out, cur)

    def _first_boundary(self, s: int, e: int, prev: _Candidate) -> tuple[int, int] | None:
        """(end of this sentence, start of the next) for the first sentence end in text[s:e]."""
        text = self.text
        # a quotation that ends its sentence: “... thank you.” Then ...
        if prev.text[-1:] in _TERMINAL and s < e and text[s].isspace() and not self._short_attribution(s, e):
            return s, s
        for m in _BOUNDARY.finditer(text, s, min(len(text), e + 1)):
            start = m.start()
            if start >= e:
                break
            found = m.group()
            if found[0] == "\n" or real_boundary(text, start):
                return start + len(found.rstrip()), m.end()
        return None

    def _last_boundary(self, s: int, e: int) -> int:
        """Where the sentence that ends at e begins (looking back at most MAX_WINDOW characters)."""
        text = self.text
        j = e
        while j > s and text[j - 1] in " \t\u00a0":
            j -= 1
        if j == s or (text[j - 1] in ".!?…" and real_boundary(text, j - 1)):
            return e  # the quotation opens its sentence (the usual case): nothing to search
        lo = max(s, e - MAX_WINDOW)
        window = text[lo:e + 1][::-1]  # searched backwards: the nearest sentence end first
        pos = 0
        while True:
            m = _REV_BOUNDARY.search(window, pos)
            if m is None:
                return lo
            last = lo + len(window) - 1  # text index of window[0]
            if window[m.start()] == "\n":
                return min(last - m.start() + 1, e)
            if real_boundary(text, last - (m.end() - 1)):
                return min(last - m.start(), e)
            pos = m.end()

    def _short_attribution(self, s: int, e: int) -> bool:
        """After a quotation that ends a sentence: is the next clause only "Borissov said." / "she asked."?"""
        words = self.text[s:min(e, s + 90)].lower().split(None, 8)[:8]
        if ALL_SPEECH_VERBS.isdisjoint(map(_RSTRIP_PUNCT, words)):
            return False  # the common case: a new sentence with no speech verb up front
        m = _BOUNDARY.search(self.text, s, min(e, s + 90))
        if m is None and e - s > 90:
            return False
        end = m.start() if m is not None else e  # (or the paragraph's end: “...?” van der Brink asked.)
        if end - s > 40 and token_count(self.text, s, end) > 9:
            return False  # "The statement did not say how much ...": a sentence of its own
        toks = tokens(self.text, s, end)
        if not toks or len(toks) > 9:
            return False
        verbs = speech_verbs(toks)
        if not verbs:
            return False
        i = verbs[0][0]
        return i <= 5 and all(np_ish(t) or t.word in "," or t.low in PRONOUNS for t in toks[:i])

    # --- attributions ----------------------------------------------------------------------------

    def _simple(self, sent: _Sentence) -> bool:
        """The commonest sentences, read with one regex and resolved exactly as the general path
        would: “...,” Borissov said. / “...,” said NASA's Robyn Gatens, director of ..., in an
        interview. / According to Borissov, “...” / Claudia Brenner, ESA's director of ..., said: “...”.
        False (nothing done) for anything else.

        A partial quotation (According to Borissov, “we are ready”) is read here too: the general
        path treats one differently only as a question (a sentence opening with "Asked whether"
        and its verb after the quotation: here the quotation opens the sentence, or the verb
        comes before it) or with no attribution at all (a transcript label)."""
        pieces = sent.pieces
        if len(pieces) != 3:
            return False
        cand = pieces[1][3]
        assert cand is not None
        if cand.inner is not None:
            return False
        text = self.text
        lead_s, lead_e = pieces[0][1], pieces[0][2]
        trail_s, trail_e = pieces[2][1], pieces[2][2]
        if lead_e == lead_s:
            if trail_e - trail_s > 160 or cand.text[-1:] not in ",?!":
                return False
            m = _SIMPLE_AFTER.match(text, trail_s, trail_e)
            if m is not None:
                if m.group("name"):
                    return self._simple_named(cand, m, "name", None, None, m.start("v1"), m.end("v1"), "sv", "after")
                res = self.d.coref.resolve_pronoun(m.group("pron"), m.start("v1"), m.group("pron"))
                return self._simple_done(cand, res, m.start("v1"), m.end("v1"), "sv", "after")
            m = _SIMPLE_VS.match(text, trail_s, trail_e)
            if m is not None:
                return self._simple_named(cand, m, "name", "org", "app", m.start("v"), m.end("v"), "vs", "after")
            return False
        if text[trail_s:trail_e].strip() or lead_e - lead_s > 200:
            return False
        m = _SIMPLE_ACCORDING.match(text, lead_s, lead_e)
        if m is not None:
            return self._simple_named(cand, m, "name", None, None, m.start(), m.start("name") - 1, "according",
                                      "before")
        m = _SIMPLE_COLON.match(text, lead_s, lead_e)
        if m is not None:
            return self._simple_named(cand, m, "name", None, "app", m.start("v"), m.end("v"), "sv", "colon")
        m = _SIMPLE_STATEMENT.match(text, lead_s, lead_e)
        if m is not None:
            # "In a statement, the European Space Agency said:" — a body, read by the general resolver
            # the first time; a phrase that names a body whatever the article is remembered as such
            vs, ve = m.start("v"), m.end("v")
            org = m.group("org")
            known = self.bodies.get(org)
            if known is not None:
                actor, a, b = known
                ent = Entity(name=None, kind="body", tie=actor, first_pos=vs)
                return self._simple_done(cand, Resolved(None, org[a:b], actor, ent), vs, ve, "sv", "colon")
            org_s = m.start("org")
            toks = tokens(text, org_s, m.end("org"))
            if not toks or not all(np_ish(t) for t in toks):
                return False
            np = NounPhrase(toks)
            if not self.d.coref.valid_np(np):
                return False
            actor = self.d.titles.fixed_body(toks)
            if actor is not None:
                self.bodies[org] = (actor, toks[0].start - org_s, toks[-1].end - org_s)
            res = self.d.coref.resolve_np(np, vs, self.paragraphs[sent.paragraph].start, m.group("loc"))
            return self._simple_done(cand, res, vs, ve, "sv", "colon")
        m = _SIMPLE_SV.match(text, lead_s, lead_e)
        if m is not None and self._plain_subject(m):
            return self._simple_named(cand, m, "name", None, None, m.start("v"), m.end("v"), "sv", "before")
        return False

    def _plain_subject(self, m: re.Match) -> bool:
        """Would the clause reader take _SIMPLE_SV's name, whole, as the subject of its verb, and
        find no other attribution in the clause? (Its verb is a speech verb on its own, no other
        word may be one, nothing says "according to"; the subject reader steps back over a last
        word like "May" or "also", stops at a pronoun and drops an opener like "But"; a name that
        holds a body's name is not all a person's.)"""
        verb, rest, name = m.group("v"), m.group("rest"), m.group("name")
        if verb not in ALL_SPEECH_VERBS or verb in PHRASAL_PARTICLES:
            return False
        if rest and not _VERB_CANDIDATES.isdisjoint(rest.split()):
            return False
        if "ccording" in m.group() or "elon" in m.group():  # (what makes the clause reader look for them)
            return False
        words = name.split()
        last = words[-1].lower()
        if last in SKIP_BEFORE_VERB or last in TIME_WORDS or last in _PHRASE_ENDS or words[0] in _OPENER_CAPS:
            return False
        if any(w.lower() in PRONOUNS for w in words):
            return False
        return not self.d.titles.org_spans(name)

    def _simple_named(self, cand: _Candidate, m: re.Match, name_g: str, org_g: str | None, app_g: str | None,
                      vs: int, ve: int, kind: str, how: str) -> bool:
        text = self.text
        d = self.d
        ns, ne = m.start(name_g), m.end(name_g)
        for w in text[ns:ne].split():
            if w not in _NAME_PARTICLES and not d.mentions.name_word(w):
                return False
        if d.coref.company_named(text[ns:ne], ns):
            return False  # ("Mitsubishi Electric said" after "Mitsubishi Electric Corporation": a body)
        parts: list[str] = []
        start, end = ns, ne
        if org_g is not None and m.group(org_g):
            if self.r.actor_of_alias(m.group(org_g)) is None:
                return False
            parts.append(text[m.start(org_g):m.end(org_g) + 2])
            start = m.start(org_g)
        if app_g is not None and m.group(app_g):
            app = m.group(app_g).strip()
            ok = self.appositions.get(app)
            if ok is None:
                toks = tokens(app, 0, len(app))
                ok = self.appositions[app] = bool(toks) and _is_apposition_start(toks, d.mentions.has_name) \
                    and not speech_verbs(toks)
            if not ok:
                return False
            parts.append(app)
            end = m.start(app_g) + len(m.group(app_g).rstrip())
        name = text[ns:ne]
        ent = d.cast.person_entity(name, ns)
        mention = ent.mention_at(ns)
        if mention is None:
            ent.add_mention(Mention(ns, ne, ent, False, True, True))
        else:
            mention.analyzed = mention.subject = True
        if parts:
            actor, former, roles, _ref, role_text = d.titles.describe_phrases(parts, vs)
            record_tie(ent, actor, former, roles, role_text, ns)
        return self._simple_done(cand, Resolved(ent.name, text[start:end], ent.actor, ent), vs, ve, kind, how)

    def _simple_done(self, cand: _Candidate, res: Resolved | None, vs: int, ve: int, kind: str, how: str) -> bool:
        cand.attribution = Attribution(vs, ve, None, kind)
        cand.how = how
        cand.resolved = res
        if res is not None and res.entity is not None:
            self.d.mentions.spoke(res.entity, vs)
        return True

    def _bare(self, sent: _Sentence) -> bool:
        """A sentence of quotations alone (“...” with no words around it): there is no clause to
        read, only a transcript's label to name the speaker — what _attribute would find, without
        its machinery. False (nothing done) for anything else."""
        text = self.text
        for kind, s, e, cand in sent.pieces:
            if kind == "g" and e > s and not text[s:e].isspace():
                return False
            if cand is not None and cand.inner is not None:
                return False
        quotes = [cand for _kind, _s, _e, cand in sent.pieces if cand is not None]
        for cand in quotes:
            label = self._label(cand.q.paragraph)
            if label is not None and not cand.partial:
                cand.resolved, cand.how = label, "label"
        for cand in quotes:
            if cand.resolved is not None and cand.resolved.entity is not None:
                self.d.mentions.spoke(cand.resolved.entity, cand.q.open_at)
        return True

    def _attribute(self, sent: _Sentence) -> None:
        if self._simple(sent) or self._bare(sent):
            return
        text = self.text
        d = self.d
        quotes = [(k, p) for k, p in enumerate(sent.pieces) if p[0] == "q"]
        par_start = self.paragraphs[sent.paragraph].start
        attributions: list[tuple[int, Attribution]] = []  # (piece index, attribution)
        last_np: NounPhrase | None = None
        piece_toks: dict[int, list[Tok]] = {}
        for k, (kind, s, e, _c) in enumerate(sent.pieces):
            if kind != "g" or e <= s:
                continue
            toks = tokens(text, s, min(e, s + 2 * MAX_WINDOW))
            piece_toks[k] = toks
            verbs = speech_verbs(toks)
            spoken = bool(verbs)
            if k > 0 and not (verbs and verbs[0][0] <= 3):
                slot = inverted_verb(toks, FUNCTION_WORDS)  # “...,” VERB X: the slot makes it speech
                prev = sent.pieces[k - 1][3]
                if slot is None and prev is not None and prev.text.rstrip()[-1:] in ",?!":
                    slot = verb_after_subject(toks, FUNCTION_WORDS)  # “...,” she VERBED.
                if slot is not None:
                    verbs.insert(0, (slot[0], slot[1], None, False))
            if not verbs and k + 1 < len(sent.pieces):
                found = complementizer_verb(toks, FUNCTION_WORDS)  # X VERB que « ... »
                if found is not None:
                    verbs.append((found[0], found[0], None, found[1]))
            for vi, vj, pron, gerund in verbs:
                vs, ve = toks[vi].start, toks[vj].end
                att = None
                if pron == "on":
                    np = chez_np(toks, vj + 1, d.mentions.has_name)
                    if np is not None and d.coref.valid_np(np):
                        att = Attribution(vs, ve, np, "vs")
                elif pron is not None:
                    att = Attribution(vs, ve, None, "vs", pronoun=pron)
                elif gerund:
                    src = last_np or self._sentence_subject(sent, piece_toks)
                    if src is not None:
                        att = Attribution(vs, ve, src, "inherit", gerund=True)
                elif vi > 0 and toks[vi - 1].low in _CONJ and last_np is not None:
                    att = Attribution(vs, ve, last_np, "inherit")  # "called it X and said ..."
                else:
                    np = np_before_toks(toks[max(0, vi - 60):vi], d.mentions.has_name)
                    if np is not None and d.coref.valid_np(np):
                        att = Attribution(vs, ve, np, "sv")
                    elif not is_addressee_verb(toks[vi].low):
                        np = np_after_toks(toks[vj + 1:vj + 80], d.mentions.has_name, text)
                        if np is not None and d.coref.valid_np(np):
                            att = Attribution(vs, ve, np, "vs")
                if att is not None:
                    if att.np is not None:
                        last_np = att.np
                    attributions.append((k, att))
            gap = text[s:e]
            if "ccording" in gap or "словам" in gap or "elon" in gap or "après" in gap or "как " in gap:
                for a_s, a_e in according_to(text, s, e):
                    phrase = text[a_s:a_e].lower()
                    if " его " in phrase or " ее " in phrase or " её " in phrase:
                        # "по его словам": the pronoun is inside the phrase
                        attributions.append((k, Attribution(a_s, a_e, None, "according",
                                                            pronoun="он" if " его " in phrase else "она")))
                        continue
                    np = np_after(text, a_e, e, d.mentions.has_name)
                    if np is not None and d.coref.valid_np(np):
                        attributions.append((k, Attribution(a_s, a_e, np, "according")))
                        last_np = np
            if not spoken and k + 1 < len(sent.pieces) and sent.pieces[k + 1][0] == "q" \
                    and not (attributions and attributions[-1][0] == k) \
                    and gap.rstrip(" \u00a0\u202f").endswith(":"):
                # "Un avis que tempère Josef Aschbacher, directeur général de l'ESA : « ... »": a clause
                # with no speech verb that names one person and opens the quotation with a colon
                span = d.mentions.name_in(toks)
                if span is not None:
                    head = [t for t in toks if span[0] <= t.start < span[1]]
                    rest = [t for t in toks if t.start >= span[1] and t.word not in ",:"]
                    # "Le proviseur, Jean Dupont, ne cachait pas sa fierté :": the title before the
                    # name, up to its comma, is his
                    lead = [t for t in toks if t.end <= span[0]]
                    pre = lead[:-1] if lead and lead[-1].word == "," and roles_in(lead) \
                        and opens_description(lead[0]) and not any(t.word in ",;:" for t in lead[:-1]) else []
                    np = NounPhrase(head, [rest[:40]] if rest else [], pre)
                    if head and d.coref.valid_np(np):
                        colon = s + gap.rstrip(" \u00a0\u202f").rfind(":")
                        attributions.append((k, Attribution(colon, colon + 1, np, "sv")))
                        last_np = np
            if k == 0 and gap.startswith(("Pour ", "Для ")) and not verbs:
                # "Pour Philippe Baptiste, ..., la France doit « ... »": French (and Russian) open a
                # sentence with whose view it is, like "selon"; the clause after its comma says it
                np = np_after(text, s + 4, e, d.mentions.has_name)
                if np is not None and d.coref.valid_np(np) and any(
                        d.mentions.has_name(t) or role_of(t.low) is not None for t in np.head):
                    attributions.append((k, Attribution(s, s + 4, np, "according")))
                    last_np = np
        attributions.sort(key=lambda x: x[1].verb_start)
        by_piece: dict[int, list[Attribution]] = {}
        for pk, a in attributions:
            by_piece.setdefault(pk, []).append(a)
        verb_starts = [a.verb_start for _pk, a in attributions]
        asked = _ASKED.match(text, sent.start, sent.start + 40) is not None
        location = location_of(self.text, sent.start, sent.pieces[0][2]) if sent.pieces[0][0] == "g" else None
        for k, (_kind, qs, qe, cand) in quotes:
            assert cand is not None
            chosen: Attribution | None = None
            how = ""
            if cand.inner is not None:
                chosen = self._inner(cand)
                how = "inside"
            gap_before = sent.pieces[k - 1] if k > 0 else None
            before = by_piece.get(k - 1)
            if chosen is None and gap_before is not None \
                    and text[gap_before[1]:gap_before[2]].rstrip().endswith((":", "：")):
                if before:
                    chosen, how = before[-1], "colon"
                else:
                    np = self._sentence_subject(sent, piece_toks)
                    if np is not None:
                        chosen, how = Attribution(gap_before[2], gap_before[2], np, "colon"), "colon"
            if chosen is None and k == 1 and not attributions and gap_before is not None \
                    and cand.text[:1].isupper() and cand.text.rstrip()[-1:] in _TERMINAL \
                    and text[gap_before[1]:gap_before[2]].rstrip().endswith(","):
                np = self._acting_subject(sent, piece_toks)
                if np is not None:
                    chosen, how = Attribution(gap_before[2], gap_before[2], np, "colon"), "colon"
            if chosen is None:
                after = by_piece.get(k + 1)
                if after and after[0].verb_start - qe < 160 and self._adjacent(qe, after[0]):
                    chosen, how = after[0], "after"
            if chosen is None and before:
                chosen, how = before[-1], "before"
            if chosen is None and attributions:
                # the nearest attribution elsewhere in the sentence, within reach
                i = bisect.bisect_left(verb_starts, qs)
                near = [attributions[j][1] for j in (i - 1, i) if 0 <= j < len(attributions)]
                near = [a for a in near if min(abs(a.verb_start - qe), abs(a.verb_start - qs)) < MAX_WINDOW]
                if near:
                    chosen = min(near, key=lambda a: min(abs(a.verb_start - qe), abs(a.verb_start - qs)))
                    how = "sentence"
            if chosen is not None and asked and cand.partial and chosen.verb_start > qe:
                cand.how = "question"
                continue  # "Asked whether Russia was losing a new “moon race”, Peskov said: ..."
            if chosen is None:
                label = self._label(cand.q.paragraph)
                if label is not None and not cand.partial:
                    cand.resolved, cand.how = label, "label"
                continue
            cand.attribution = chosen
            cand.how = how
            cand.resolved = d.coref.resolve_np(chosen.np, chosen.verb_start, par_start, location, chosen.pronoun)
        # speakers become the subjects the next sentences' pronouns point back to
        for _k, (_kind, _qs, _qe, cand) in quotes:
            if cand is not None and cand.resolved is not None and cand.resolved.entity is not None:
                pos = cand.attribution.verb_start if cand.attribution else cand.q.open_at
                d.mentions.spoke(cand.resolved.entity, pos)

    def _adjacent(self, qe: int, att: Attribution) -> bool:
        """“...,” X said / “...,” said X: the attribution starts right after the quotation (only
        punctuation between), not in a clause of its own ("... as “fake news,” and the ministry said")."""
        start = att.np.start if att.np is not None and att.kind == "sv" else att.verb_start
        between = self.text[qe:start].strip(" \t\u00a0\u202f,;—–-")
        if not between or between in ("»", "”", '"'):
            return True
        words = between.split()
        if att.kind == "vs" and len(words) == 1 and words[0] in _FR_AUXILIARIES:
            return True  # « ... », a déclaré X: the auxiliary of a compound past opens the verb
        # “...,” the veteran test pilot said: the subject's determiner and modifiers, which the
        # noun phrase leaves out of its head (no clause of its own: no comma, no other verb)
        return att.kind == "sv" and words[0].lower() in _DETERMINERS and len(words) <= 8 \
            and not any(ch in between for ch in ",.;:!?“”\"«»") \
            and ALL_SPEECH_VERBS.isdisjoint(w.lower() for w in words)

    def _inner(self, cand: _Candidate) -> Attribution | None:
        assert cand.inner is not None
        a_s, a_e = cand.inner
        # (from the punctuation that closes the first part: the verb's slot follows it)
        p = a_s
        while p > 0 and self.text[p - 1] in " \u00a0\u202f":
            p -= 1
        toks = tokens(self.text, max(0, p - 1), a_e)
        verbs = speech_verbs(toks)
        if not verbs:
            slot = inverted_verb(toks, FUNCTION_WORDS)
            verbs = [(slot[0], slot[1], None, False)] if slot is not None else []
        for vi, vj, pron, _g in verbs:
            vs, ve = toks[vi].start, toks[vj].end
            if pron == "on":
                np = chez_np(toks, vj + 1, self.d.mentions.has_name)
                if np is not None and self.d.coref.valid_np(np):
                    return Attribution(vs, ve, np, "vs")
                continue
            if pron is not None:
                return Attribution(vs, ve, None, "vs", pronoun=pron)
            np = np_after_toks(toks[vj + 1:], self.d.mentions.has_name, self.text)
            if np is not None and self.d.coref.valid_np(np):
                return Attribution(vs, ve, np, "vs")
            np = np_before_toks(toks[:vi], self.d.mentions.has_name)
            if np is not None and self.d.coref.valid_np(np):
                return Attribution(vs, ve, np, "sv")
        return None

    def _sentence_subject(self, sent: _Sentence, piece_toks: dict[int, list[Tok]]) -> NounPhrase | None:
        """The noun phrase a sentence opens with ("Jim Free, NASA's associate administrator, ...")."""
        if not sent.pieces or sent.pieces[0][0] != "g":
            return None
        toks = piece_toks.get(0)
        if toks is None:
            s, e = sent.pieces[0][1], sent.pieces[0][2]
            toks = tokens(self.text, s, min(e, s + MAX_WINDOW))
        return self._subject_of(toks)

    def _acting_subject(self, sent: _Sentence, piece_toks: dict[int, list[Tok]]) -> NounPhrase | None:
        """“Covey radioed Houston, “Endeavour has ...”: a person named as the subject of a verb in the
        past tense whose clause ends with a comma before a whole quotation says it, whatever the verb."""
        np = self._sentence_subject(sent, piece_toks)
        if np is None or np.appositions or not np_has_name(np, self.d.mentions.has_name):
            return None
        toks = piece_toks.get(0) or []
        nxt = next((t for t in toks if t.start >= np.end), None)
        if nxt is None or not nxt.word.islower() or not nxt.low.endswith("ed") or len(nxt.low) < 5:
            return None
        return np

    def _subject_of(self, toks: list[Tok]) -> NounPhrase | None:
        head: list[Tok] = []
        if toks and toks[0].word == "(":
            toks = toks[1:]  # "(The agency later corrected the figure, saying ...)"
        if toks and (toks[0].low in _LEADING_ADVERBIAL or toks[0].low in _RU_LEADS):
            # "At the time of his retirement, Jurczyk shared the following:" - the subject follows
            # the opening phrase's comma
            comma = next((k for k, t in enumerate(toks[:16]) if t.word == ","), -1)
            if comma > 0 and toks[0].low in _LEADING_ADVERBIAL:
                toks = toks[comma + 1:]
            else:
                # "В субботу он напомнил ...:", "On Monday she wrote:": a short phrase, then the subject
                p = next((k for k, t in enumerate(toks[:5]) if t.low in _SUBJECT_PRONOUNS), -1)
                if p > 0:
                    return NounPhrase([toks[p]])
        for t in toks:
            if not np_ish(t) or len(head) >= 10:
                break
            head.append(t)
        while head and not (is_cap(head[-1]) or role_of(head[-1].low) or is_pronoun(head[-1])) \
                and not self.d.coref.valid_np(NounPhrase(head)):
            head.pop()  # "The agency" stays (a body); "Jim Free, NASA's ..." loses nothing
        if not head:
            return None
        if head[0].low in ("on", "in", "at", "as", "asked", "about", "regarding", "for", "after", "before"):
            return None
        np = NounPhrase(head)
        rest = toks[len(head):]
        if rest and rest[0].word == ",":
            chunk = []
            for t in rest[1:]:
                if t.word in ",;:":
                    break
                chunk.append(t)
            if chunk:
                np.appositions.append(chunk[:40])
        return np if self.d.coref.valid_np(np) else None

    def _label(self, paragraph: int) -> Resolved | None:
        """"NELSON, opening remarks: “...”" — a transcript's speaker label opening the paragraph."""
        if paragraph in self.labels:
            return self.labels[paragraph]
        self.labels[paragraph] = None
        par = self.paragraphs[paragraph]
        m = _LABEL.match(self.text, par.start, min(par.end, par.start + 120))
        if m is None:
            return None
        rest = self.text[m.end():min(par.end, m.end() + 120)]
        colon = rest.find(":")
        if colon < 0 or any(c in rest[:colon] for c in "“\"«."):
            return None
        word = m.group()
        if word in NOT_NAMES or self.r.actor_of_alias(word) is not None:
            return None
        ent = self.d.cast.person_entity(word, m.start())
        res = Resolved(ent.name, word, ent.actor, ent)
        self.labels[paragraph] = res
        return res

    # --- after reading ---------------------------------------------------------------------------

    def _finish(self, cands: list[_Candidate]) -> list[Statement]:
        d = self.d
        kept: list[_Candidate] = []
        prev: _Candidate | None = None
        for c in cands:
            if c.how == "question":
                continue
            if c.resolved is None and c.attribution is None and c.how != "label":
                if prev is not None and self._split_continues(prev, c):
                    self._merge(prev, c)
                    continue
                if c.partial:
                    continue  # a partial quotation nobody said: a scare quote, a name
                res = self._continuation(prev, c) or self._dash_attribution(c)
                if res is None and len(c.text.split()) < 4:
                    continue
                c.resolved = res
                c.how = "continuation" if res is not None else "unattributed"
            elif prev is not None and c.attribution is not None and c.attribution is prev.attribution \
                    and self._split_continues(prev, c):
                self._merge(prev, c)  # “A,” he said, “b.”: both halves found the attribution between them
                continue
            kept.append(c)
            prev = c
        last_in_par = {c.q.last_paragraph: c for c in cands}
        for c in kept:
            if last_in_par.get(c.q.last_paragraph) is c:
                self._unmarked_rest(c)
        # descriptions that named nobody yet ("the newly appointed head of Roscosmos", said before
        # the article names him) and people whose only tie is an inside role in an agency's release
        speakers: dict[str | None, dict[str, int]] | None = None
        for i, c in enumerate(kept):
            res = c.resolved
            if res is not None and res.unresolved_desc is not None and res.speaker is None:
                if not self._named_next(res, kept[i + 1:i + 4], c.q.last_paragraph):
                    if speakers is None:
                        speakers = self._speaker_counts(kept)
                    self._settle_description(res, speakers)
            if res is not None and res.entity is not None and res.entity.kind == "person":
                ent = res.entity
                d.titles.actor_of(ent)
                if ent.actor is None and (ent.internal_role or (self.feed_actor and ent.roles)) \
                        and not (ent.roles & INDEPENDENT_ROLES):
                    # an inside role in an agency's release, or any official of the feed's own actor
                    dominant = self._dominant_actor()
                    if dominant:
                        ent.tie = dominant
                res.actor = ent.actor
            elif res is None and c.how == "unattributed" and self.feed_actor:
                # an agency's own release quoting nobody by name: the agency speaks
                c.resolved = Resolved(None, None, self.feed_actor, None)
        rows = []
        for c in kept:
            res = c.resolved
            quote = _exact(c.text)  # the parts, joined by one space
            speaker = res.speaker if res else None
            actor = self.r.canonical_actor(res.actor) if res else None
            lang = self._quote_lang(quote)
            score, reasons = score_quote(quote, speaker, self._actor_kind(actor), c.partial, lang)
            end = c.parts[-1][1] - (len(c.text) - len(quote))
            rows.append((c.parts[0][0], end, c.q.paragraph, res, quote, speaker, actor, lang, score, reasons))
        if self.turns:
            for _t, res in self.turns:
                if res is not None and res.entity is not None and res.entity.kind == "person":
                    # a label read before the article's other mentions of its person were: their
                    # tie ("Emily Nelson, chief flight director at NASA's Johnson Space Center")
                    # is known only once every mention is read
                    d.titles.actor_of(res.entity)
                    res.actor = res.entity.actor
            rows += [self._turn_row(t, res) for t, res in self.turns]
            rows.sort(key=operator.itemgetter(0))
        key = key_indexes([row[8] for row in rows])
        return [make_statement(quote=quote, speaker=speaker, speaker_as_written=res.as_written if res else None,
                               actor=actor, paragraph=par, start=start, end=end,
                               key_score=score, is_key=i in key, key_reasons=reasons, lang=lang)
                for i, (start, end, par, res, quote, speaker, actor, lang, score, reasons) in enumerate(rows)]

    def _actor_kind(self, actor: str | None) -> str | None:
        """What the key score needs of an actor: a configured one, or some other body (OTHER)."""
        return actor if actor is None or actor in self.r.actor_order else OTHER

    def _turn_row(self, t: Turn, res: Resolved | None) -> tuple:
        """A named turn as a statement: the whole turn, paragraphs joined by one space, scored by
        its best sentence (what makes a turn key is the sentence that says the news)."""
        text = self.text
        quote = " ".join(text[s:e] for s, e in t.parts)
        speaker = res.speaker if res else None
        actor = self.r.canonical_actor(res.actor) if res else None
        lang = self._quote_lang(quote)
        kind = self._actor_kind(actor)
        best = score_quote(quote, speaker, kind, False, lang)
        for sentence in _SENTENCE_END.split(quote):
            if len(sentence) < len(quote):
                best = max(best, score_quote(sentence, speaker, kind, False, lang), key=operator.itemgetter(0))
        return (t.parts[0][0], t.parts[-1][1], t.paragraph, res, quote, speaker, actor, lang, best[0], best[1])

    def _dominant_actor(self) -> str | None:
        """The actor an article speaks for: its feed's, else the body it names most (a configured
        actor, or one outside them: a story about Blue Origin has its founder speak for it)."""
        if self.feed_actor:
            return self.feed_actor
        counts = dict(self.d.mentions.actor_counts)
        # a tie goes to the body named first: a news story names what it is about in its lead
        # ("Acme Rockets shares rose ... whether anyone can challenge SpaceX")
        first: dict[str, int] = {}
        for p, actor, name in self.d.mentions.org_mentions:
            if actor == OTHER:
                name = name[:-2] if name.endswith(("'s", "’s")) else name
                counts[name] = counts.get(name, 0) + 1
                first.setdefault(name, p)
            else:
                first.setdefault(actor, p)
        if not counts:
            return None
        top = max(counts.values())
        return min((a for a, c in counts.items() if c == top), key=lambda a: first.get(a, len(self.text)))

    def _speaker_counts(self, kept: list[_Candidate]) -> dict[str | None, dict[str, int]]:
        """How often each named person speaks, by actor (None: over all actors)."""
        out: dict[str | None, dict[str, int]] = {None: {}}
        for c in kept:
            r = c.resolved
            if r is not None and r.entity is not None and r.entity.kind == "person" and r.speaker:
                for key in (None, self.d.titles.actor_of(r.entity)):
                    counts = out.setdefault(key, {})
                    counts[r.speaker] = counts.get(r.speaker, 0) + 1
        return out

    def _named_next(self, res: Resolved, after: list[_Candidate], paragraph: int) -> bool:
        """« ... » selon son directeur général. ¶ « ... », a déclaré Josef Aschbacher: a description
        the article has not resolved yet names the next person of that actor who speaks, in the same
        or the next paragraph."""
        assert res.unresolved_desc is not None
        _roles, actor = res.unresolved_desc
        for c in after:
            if c.q.paragraph > paragraph + 1:
                return False
            r = c.resolved
            if r is None or r.entity is None or r.entity.kind != "person" or not r.speaker:
                continue
            if actor is None or self.d.titles.actor_of(r.entity) == actor:
                res.speaker, res.entity = r.speaker, r.entity
                return True
        return False

    def _settle_description(self, res: Resolved, speakers: dict[str | None, dict[str, int]]) -> None:
        """"the newly appointed head of Roscosmos" said it before the article named him: the person
        of that actor who speaks most in the article."""
        assert res.unresolved_desc is not None
        _roles, actor = res.unresolved_desc
        if actor == OTHER:
            return  # ("le ministre des Armées": some body's title; whoever else speaks for "Other" is not him)
        counts = speakers.get(actor)
        if counts:
            name = max(counts, key=counts.__getitem__)
            res.speaker = name
            res.entity = self.d.cast.by_known.get(name) or res.entity

    def _unmarked_rest(self, c: _Candidate) -> None:
        """“A,” said Cruz, the chairman of .... This bill brings us one step closer ...: a quotation
        ending in a comma goes on after its attribution; when the rest of the paragraph has no
        quotation marks but speaks in the first person, the writer left out the opening mark (a
        reporter's own sentence never says "we" or "us")."""
        if c.how != "after" or c.partial or not c.text.endswith(",") or c.attribution is None:
            return
        text = self.text
        par_end = self.paragraphs[c.q.last_paragraph].end
        ve = c.attribution.verb_end
        if par_end - ve < 20 or text.find(". ", ve, par_end) < 0 or _FIRST_PERSON.search(text, ve, par_end) is None:
            return  # (the usual case, "“A,” X said." ending its paragraph, read without more)
        b = self._first_boundary(c.attribution.verb_end, par_end, c)
        if b is None or b[1] >= par_end:
            return
        s, e = b[1], par_end
        while e > s and text[e - 1].isspace():
            e -= 1
        rest = text[s:e]
        if e - s > 1500 or any(m in rest for m in "“”\"«»„"):
            return
        if FIRST_PERSON.isdisjoint(w.lower() for w in _WORDS.findall(rest)):
            return
        c.parts.append((s, e))
        c.text = c.text + " " + rest

    def _merge(self, prev: _Candidate, c: _Candidate) -> None:
        prev.parts.extend(c.parts)
        prev.text = prev.text + " " + c.text
        prev.end_at = c.q.close_at

    def _quote_lang(self, quote: str) -> str:
        """A quotation is in the article's language unless its script says otherwise."""
        cyr = self.cyrillic and has_cyrillic(quote)
        if (self.lang == "ru") == cyr:
            return self.lang
        return detect_lang(quote, "ru" if cyr else ("en" if self.lang == "ru" else self.lang))

    def _split_continues(self, prev: _Candidate, c: _Candidate) -> bool:
        """“A,” he said. “B.” — is `c` the second half of `prev`?"""
        if prev.attribution is None or prev.how != "after" or prev.partial:
            return False
        if prev.q.last_paragraph != c.q.paragraph:
            return False
        att = prev.attribution
        if not (prev.end_at <= att.verb_start < c.q.open_at):
            return False
        toks = tokens(self.text, prev.end_at, c.q.open_at)
        if len(toks) > 60 or any(t.low in ("adding", "whether") for t in toks):
            return False
        for i, t in enumerate(toks):
            if t.low in ("that", "что", "que") \
                    and (i == 0 or toks[i - 1].word == "," or toks[i - 1].low in ALL_SPEECH_VERBS):
                return False  # "he said that ...": reported speech follows (not "a firm that invests")
        if len(speech_verbs(toks)) > 1:
            return False
        tail = self.text[prev.end_at:c.q.open_at].rstrip()
        if not tail or tail[-1] not in ".,:;—–-":
            return False
        return c.text[:1].isupper() or prev.text.rstrip()[-1:] in ",—–-"

    def _continuation(self, prev: _Candidate | None, c: _Candidate) -> Resolved | None:
        """An unattributed full-sentence quotation: the speaker a colon at the end of the previous
        paragraph introduces, else the speaker of the quotation just before it."""
        par = c.q.paragraph
        text = self.text
        if par > 0:
            pp = self.paragraphs[par - 1]
            if text[pp.start:pp.end].rstrip().endswith((":", "：")) and \
                    text[self.paragraphs[par].start:c.q.open_at].strip() == "":
                # "Jim Free, NASA's associate administrator, described the mood:"
                sent_start = self._last_boundary(pp.start, pp.end)
                toks = tokens(text, sent_start, pp.end)
                verbs = speech_verbs(toks)
                np = None
                pron = None
                if verbs:
                    vi, vj, pron, _g = verbs[-1]
                    if pron is None:
                        np = np_before_toks(toks[:vi], self.d.mentions.has_name)
                        if np is None or not self.d.coref.valid_np(np):
                            np = np_after_toks(toks[vj + 1:], self.d.mentions.has_name, self.text)
                if np is None and pron is None:
                    np = self._subject_of(toks)
                if (np is not None and self.d.coref.valid_np(np)) or pron is not None:
                    location = location_of(text, sent_start, pp.end)
                    res = self.d.coref.resolve_np(np, sent_start, pp.start, location, pron)
                    if res is not None:
                        return res
        said = self._reported_before(c)
        if said is not None:
            return said
        if prev is not None and prev.resolved is not None and par - prev.q.last_paragraph <= 2:
            r = prev.resolved
            return Resolved(r.speaker, r.as_written, r.actor, r.entity)
        label = self._label(par)
        return label

    def _reported_before(self, c: _Candidate) -> Resolved | None:
        """“...” after a sentence of reported speech in its own paragraph ("Denis takes inspiration
        from ..., he said. “They have done a great job ...”"): that sentence's speaker."""
        par_start = self.paragraphs[c.q.paragraph].start
        if c.q.open_at - par_start < 8:
            return None
        sent_start = self._last_boundary(par_start, self._sentence_end_before(par_start, c.q.open_at))
        toks = tokens(self.text, max(sent_start, c.q.open_at - MAX_WINDOW), c.q.open_at)
        verbs = speech_verbs(toks)
        if not verbs:
            return None
        vi, vj, pron, gerund = verbs[-1]
        if gerund or (vi > 0 and is_addressee_verb(toks[vi].low) and vj + 1 < len(toks) and is_cap(toks[vj + 1])):
            return None
        np = None
        if pron is None:
            np = np_before_toks(toks[:vi], self.d.mentions.has_name)
            if np is None or not self.d.coref.valid_np(np):
                np = np_after_toks(toks[vj + 1:vj + 40], self.d.mentions.has_name, self.text)
            if np is None or not self.d.coref.valid_np(np):
                return None
        return self.d.coref.resolve_np(np, toks[vi].start, par_start, None, pron)

    def _sentence_end_before(self, lo: int, pos: int) -> int:
        """Where the sentence just before position pos ends, its terminal marks left out (so that
        _last_boundary looks for where it starts)."""
        j = pos
        while j > lo and self.text[j - 1] in " \t\u00a0":
            j -= 1
        while j > lo and self.text[j - 1] in ".!?…\"”»’)":
            j -= 1
        return j

    def _dash_attribution(self, c: _Candidate) -> Resolved | None:
        """A block quotation signed on the next line: “...” — Josef Aschbacher, ESA Director General;
        or signed with no dash, a name and its titles ending the paragraph: “...” James B. Odom,
        Hubble Program Manager 1983-1990."""
        text = self.text
        after = text[c.q.close_at:c.q.close_at + 200]
        m = _DASH.match(after)
        if m is None:
            return self._signature(c)
        s = c.q.close_at + m.end()
        np = np_after(text, s, min(len(text), s + 200), self.d.mentions.has_name)
        if np is None or not self.d.coref.valid_np(np):
            return None
        return self.d.coref.resolve_np(np, s, self.paragraphs[self._paragraph_of(s)].start)

    def _signature(self, c: _Candidate) -> Resolved | None:
        """A complete quotation followed, to the end of its paragraph, by nothing but a person's name
        and its appositions: no verb, so no clause of the writer's own."""
        text = self.text
        if c.text.rstrip()[-1:] not in _TERMINAL:
            return None
        par_end = self.paragraphs[c.q.last_paragraph].end
        s = c.q.close_at
        while s < par_end and text[s] in " \t\u00a0":
            s += 1
        end = par_end
        while end > s and text[end - 1] in " \t\u00a0.":
            end -= 1
        if end <= s or end - s > 200 or not text[s].isupper():
            return None
        toks = tokens(text, s, end)
        if speech_verbs(toks) or any(t.word in "“”\"«»" for t in toks):
            return None
        has_name = self.d.mentions.has_name
        np = np_after_toks(toks, has_name, text)
        if np is None or not np_has_name(np, has_name):
            return None
        for t in toks:
            # what follows the name is a title: capitalised words, roles, dates, small words
            if t.start >= np.end and not (is_cap(t) or t.word[:1].isdigit() or t.word == ","
                                          or t.low in _SMALL_WORDS or role_of(t.low) is not None):
                return None
        if np.end < toks[-1].end:
            np.appositions.append([t for t in toks if t.start >= np.end and t.word != ","])
        return self.d.coref.resolve_np(np, s, self.paragraphs[c.q.last_paragraph].start)

    def _mentions(self, statements: list[Statement]) -> tuple[str, ...]:
        found = set(self.d.mentions.actor_counts)
        if self.title:
            found |= self.d.mentions.actors_named_in(self.title)
        for e in self.d.cast.entities:
            if e.kind == "person" and e.known is not None and e.known.actor:
                found.add(e.known.actor)
        for st in statements:
            if st.actor and st.actor != OTHER:
                found.add(st.actor)
        order = self.r.actor_order
        return tuple(sorted(found.intersection(order), key=order.__getitem__))

    def _learned(self) -> tuple[LearnedPerson, ...]:
        """People the article ties to a configured actor that the resolver did not know that way."""
        out = []
        for e in self.d.cast.entities:
            # speakers only: their mentions are read already, and what they are called when they
            # speak is what a later article will call them
            if e.kind != "person" or not e.spoke or e.name is None or " " not in e.name:
                continue
            if e.known is not None and e.known.source == "config":
                continue
            self.d.titles.actor_of(e)
            if e.tie is None or e.tie == OTHER or (e.known is not None and e.known.actor == e.tie):
                continue
            if self.r.canonical_actor(e.tie) not in self.r.actors:
                continue
            out.append(LearnedPerson(name=e.name, actor=e.tie, role=e.role_text))
        return tuple(out)


# Phrases that open a sentence before its subject: "At the time of his retirement, Jurczyk ..."
_LEADING_ADVERBIAL = frozenset("at in on after before during upon since following while when as with for lors après "
                               "avant pendant после перед при".split())
_RU_LEADS = frozenset("в во на".split())  # (a Russian sentence may open with a place or a time and no comma)
_SUBJECT_PRONOUNS = frozenset("he she they он она они il elle ils elles".split())
_FIRST_PERSON = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, FIRST_PERSON), key=len, reverse=True)) + r")\b",
                           re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DASH = re.compile(r"\s*[—–-]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^\W\d_])")


def _within(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _exact(quote: str) -> str:
    """The printed words without the comma that only joins them to their attribution: “We are
    ready,” she said -> We are ready (a split quotation's inner commas stay: each part is as printed)."""
    return quote[:-1].rstrip() if quote.endswith(",") and len(quote) > 1 else quote


def _markers(before: str) -> tuple[bool, bool]:
    """(a nickname/title marker, a thing noun) among the last words before a quotation."""
    words = before.lower().replace(",", " ").rsplit(None, 3)[-3:]
    if not words:
        return False, False
    last = words[-1]
    marker = last in _MARK_WORDS or " ".join(words[-2:]) in _MARK_PHRASES or last.startswith(_MARK_PREFIXES) \
        or (len(words) >= 2 and words[-2].startswith(_MARK_PREFIXES))
    thing = last in _THING_WORDS or last.startswith(_THING_PREFIXES)
    return marker, thing


def _short_phrase(quote: str, most: int) -> bool:
    """A few words with no sentence punctuation: a name or a term, not a sentence spoken."""
    return len(quote.split()) <= most and not any(ch in quote for ch in ".!?…;:,")


def _gloss(before: str, quote: str) -> bool:
    """the ROS (“Russian Orbital Station”) / la ROS – « Station orbitale russe » –: a quotation set
    off by a bracket or a dash right after an acronym spells the acronym out."""
    return _GLOSS_BEFORE.search(before) is not None and _short_phrase(quote, 6)


def _term_with_relative(text: str, close_at: int, quote: str) -> bool:
    """«Лунная гонка», о которой пишут / « l’Europe spatiale », dont on parle: a relative clause
    right after the closing mark makes the quoted words a noun phrase the writer talks about."""
    return _short_phrase(quote, 4) and _RELATIVE_AFTER.match(text, close_at, close_at + 40) is not None


def _name_as_subject(text: str, close_at: int, quote: str) -> bool:
    """«Вестник» направил запрос / “Orbiter” reported: a few capitalised words that open a sentence
    and run straight into a lowercase verb, with no comma or dash after the closing mark, are the
    sentence's subject — a name. Speech that opens a sentence is closed off by punctuation."""
    if not (quote[:1].isupper() and _short_phrase(quote, 3)):
        return False
    j = close_at
    while j < len(text) and text[j] in " \u00a0\u202f":
        j += 1
    return j > close_at and j < len(text) and text[j].islower()


def _name_like(words: list[str], quote: str) -> bool:
    """“Star Wars”, “ISS Deorbit Analysis Summary”, «Россия 24»: a name or a title, not speech."""
    if len(words) > 7:
        return False
    inner = quote[:-1]
    if "." in inner or "!" in inner or "?" in inner or ";" in inner:
        return False
    content = [w for w in words if w.lower().strip(",.:") not in _SMALL_WORDS]
    if not content:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() for w in content)


_DEFAULT: ActorResolver | None = None


def default_resolver() -> ActorResolver:
    """The resolver for the packaged default config (built once per process)."""
    global _DEFAULT
    if _DEFAULT is None:
        from ..config import packaged_config_text, parse_config
        _DEFAULT = ActorResolver.from_config(parse_config(packaged_config_text(), None))
    return _DEFAULT


def extract(text: str, *, title: str | None = None, lang: str | None = None,
            resolver: ActorResolver | None = None, feed_actor: str | None = None) -> Extraction:
    """The statements of one article: every direct quotation with its speaker, actor, span
    (text[start:end] holds the quotation), paragraph, language and key score, plus the actors the
    article mentions and the people it taught something about.

    `text` is plain text with paragraphs separated by a blank line; `feed_actor` says the article
    comes from that actor's own feed. Never raises on odd input; time is linear in len(text).
    """
    if not text or not text.strip():
        return Extraction(statements=())
    return _Article(text, title, lang, resolver or default_resolver(), feed_actor).run()
