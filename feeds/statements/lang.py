"""Which language a piece of news text is in: English, Russian or French (the feeds' languages)."""

from __future__ import annotations

import re

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_FRENCH_LETTERS = "éèàçêâôûÉÀ"  # looked for with `in`: a regex character class scans several times slower
_CYRILLIC_RUN = re.compile("[\u0400-\u04ff]+")
_LATIN_RUN = re.compile("[A-Za-z\u00c0-\u024f]+")
# Frequent short words, padded with spaces: counted with str.count, which is much cheaper than a regex.
_FR = (" le ", " la ", " les ", " des ", " du ", " une ", " est ", " et ", " que ", " qui ", " l’", " l'", "é")
_EN = (" the ", " and ", " is ", " of ", " to ", " that ", " in ", " for ", " with ", " was ", " will ", " he ")


def detect_lang(text: str, hint: str | None = None, *, sample: int = 500, cyrillic: bool | None = None) -> str:
    """'ru', 'fr' or 'en' from the script and common words of (the start of) `text`.

    `hint` (a feed's or article's declared language) decides when the text says too little.
    """
    base = (hint or "").split("-")[0].lower() or None if hint else None
    s = text[:sample]
    if cyrillic is not False and _CYRILLIC.search(s) is not None:  # (False: the caller knows there is none)
        cyr = sum(map(len, _CYRILLIC_RUN.findall(s)))
        lat = sum(map(len, _LATIN_RUN.findall(s)))
        if cyr >= lat:
            return "ru"
    if base != "fr" and not _has_french_letter(s) and "l'" not in s and "l’" not in s \
            and "d'" not in s and "d’" not in s:
        return "en"  # no French letters or elisions: English
    low = " " + s.lower() + " "
    fr = sum(low.count(w) for w in _FR)
    en = sum(low.count(w) for w in _EN)
    if fr + en < 2 and base:
        return base
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return base if base in ("en", "fr", "ru") else "en"


def _has_french_letter(text: str) -> bool:
    # every one of _FRENCH_LETTERS is two bytes in UTF-8, the first 0xC3: a text without that byte
    # (most English ones) has none of them, known from one byte search instead of ten
    if b"\xc3" not in text.encode("utf-8", "surrogatepass"):
        return False
    for c in _FRENCH_LETTERS:
        if c in text:
            return True
    return False
