"""Cyrillic to Latin transliteration and the folded keys that make Borisov = Borissov = Борисов."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Cyrillic -> Latin, the usual English spelling of Russian names (BGN-like, without diacritics).
_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
_VOWELS = set("аеёиоуыэюяaeiouy")
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    if len(text) > 64:
        # U+0400..U+04FF are exactly the UTF-16 code units with high byte 0x04 (surrogates have
        # 0xD8..0xDF): in the little-endian encoding, a 0x04 byte at an odd offset. Encoding to
        # UTF-16 is mostly a copy, and byte searches run many times faster than a regex scan.
        data = text.encode("utf-16-le", "surrogatepass")
        i = data.find(b"\x04", 1)
        while i >= 0:
            if i & 1:
                return True
            i = data.find(b"\x04", i + 1)  # the low byte of U+0104, U+2004, ...: look on
        return False
    return _CYRILLIC.search(text) is not None


def to_latin(text: str) -> str:
    """'Игорь Савельев' -> 'Igor Savelyev', 'Юрий' -> 'Yury'; Latin text is returned unchanged."""
    if not has_cyrillic(text):
        return text
    out: list[str] = []
    prev = ""
    n = len(text)
    for i, ch in enumerate(text):
        low = ch.lower()
        t = _CYR.get(low)
        if t is None:
            out.append(ch)
            prev = low
            continue
        nxt = text[i + 1].lower() if i + 1 < n else ""
        word_start = not prev.isalpha()
        if low == "е" and (word_start or prev in _VOWELS or prev in "ьъ"):
            t = "ye"
        elif low == "и" and nxt == "й" and not (i + 2 < n and text[i + 2].isalpha()):
            t = ""  # -ий at a word's end: Дмитрий -> Dmitry, Юрий -> Yury
        elif low == "ы" and nxt == "й" and not (i + 2 < n and text[i + 2].isalpha()):
            t = ""  # -ый: Новый -> Novy
        if ch.isupper() and t:
            nxt_upper = i + 1 < n and text[i + 1].isupper()
            t = t.upper() if nxt_upper else t[0].upper() + t[1:]
        out.append(t)
        prev = low
    return "".join(out)


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_NON_LETTERS = re.compile(r"[^a-z]+")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """A spelling-insensitive key for one name word: Borissov, Borisov, Борисов -> 'borisov'.

    Lowercase, Cyrillic transliterated, accents dropped, doubled letters collapsed, and the
    usual variant letters merged (y/i, w/v, French 'ou' for 'u', French final -e of -ine).
    """
    w = strip_accents(to_latin(word.replace("’", "'")).lower())
    w = _NON_LETTERS.sub("", w)
    if w.endswith("ine") and len(w) > 5:
        w = w[:-1]  # Rogozine -> rogozin
    w = w.replace("yo", "e").replace("ou", "u").replace("kh", "h").replace("w", "v")
    w = w.replace("y", "i").replace("j", "i")
    return _DOUBLES.sub(r"\1", w)


def fold_name(name: str) -> str:
    """Key for a whole name: folded words joined by one space."""
    return " ".join(fold(w) for w in name.split() if fold(w))


# Russian case endings of surnames and first names: the oblique forms an article uses
# ("с Путиным", "Пескова", "Сергеем Шойгу") back to the nominative a reader expects.
_RU_NOMINATIVE = (
    ("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"), ("ыным", "ын"),
    ("овой", "ова"), ("евой", "ева"), ("иной", "ина"),
    ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ову", "ов"), ("еву", "ев"),
    ("ину", "ин"), ("ове", "ов"), ("еве", "ев"), ("ине", "ин"),
    ("ием", "ий"), ("ем", "й"), ("ом", ""), ("ым", "ый"), ("ия", "ий"), ("ию", "ий"), ("ии", "ий"),
)


def ru_nominative(word: str, *, feminine_ok: bool = False) -> str:
    """Best guess at the nominative of a Russian name in an oblique case ('Сергеем' -> 'Сергей').

    Feminine surnames (Кикина, Захарова) look like masculine genitives; with feminine_ok the
    -ова/-ина forms are left alone.
    """
    if not has_cyrillic(word) or len(word) < 4:
        return word
    low = word.lower()
    for ending, repl in _RU_NOMINATIVE:
        if low.endswith(ending) and len(low) - len(ending) >= 2:
            if feminine_ok and ending in ("ова", "ева", "ина", "ёва"):
                return word
            stem = word[: len(word) - len(ending)]
            if ending == "ем" and stem[-1].lower() not in _VOWELS:
                repl = "ь"  # Игорем -> Игорь (Сергеем -> Сергей)
            return stem + repl
    return word


def ru_forms(word: str) -> set[str]:
    """The case forms of a Russian surname or first name (lowercase), for lookups by any form."""
    low = word.lower()
    forms = {low}
    if not has_cyrillic(low) or len(low) < 3:
        return forms
    if low.endswith(("ов", "ев", "ёв", "ин", "ын")):
        forms |= {low + e for e in ("а", "у", "ым", "е", "ом")}
    elif low.endswith(("ова", "ева", "ина", "ёва")):
        forms |= {low[:-1] + e for e in ("ой", "у", "ою")}
    elif low.endswith("ий"):
        forms |= {low[:-2] + e for e in ("ия", "ию", "ием", "ии")}
    elif low.endswith("ей"):
        forms |= {low[:-2] + e for e in ("ея", "ею", "еем", "ее")}
    elif low.endswith("й"):
        forms |= {low[:-1] + e for e in ("я", "ю", "ем", "е")}
    elif low.endswith("ь"):
        forms |= {low[:-1] + e for e in ("я", "ю", "ем", "е")}
    elif low.endswith("а"):
        forms |= {low[:-1] + e for e in ("ы", "и", "е", "у", "ой")}
    elif low[-1] not in "оуиэюяеё":
        forms |= {low + e for e in ("а", "у", "ом", "е")}
    return forms


def ru_first_name_forms(word: str) -> tuple[str, ...]:
    """The nominatives a Russian given name in some case may come from, likeliest first:
    'Владимира' -> ('Владимир', ...), 'Игоря' -> ('Игорь', 'Игорй'...), 'Сергеем' -> ('Сергей', ...).
    (A name ending in -а may be a woman's nominative, 'Анна': callers check the forms they get.)"""
    if not has_cyrillic(word) or len(word) < 4:
        return (word,)
    out = [ru_nominative(word)]
    low = word.lower()
    if low[-1] in "ауе":
        out.append(word[:-1])  # Владимира, Владимиру, Владимире -> Владимир
    if low[-1] in "яюе":
        out += [word[:-1] + "й", word[:-1] + "ь"]  # Сергея -> Сергей, Игоря -> Игорь
    return tuple(dict.fromkeys(w for w in out if w != word)) + (word,)
