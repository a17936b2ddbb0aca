"""Thai lines broken at word boundaries.

Thai is written without spaces between words, and reportlab only breaks lines at
spaces: a Thai sentence would be cut wherever the line is full, in the middle of a
word. Here a dictionary word segmenter (PyThaiNLP's ``newmm``) finds the words, and the
lines are filled word by word, measured with the font's own widths. Only a single word
wider than the whole line is cut, and then between characters clusters (a consonant
with its vowels and tone marks stays whole).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

from budget.reports.fonts import REGULAR, needs_shaping, width

_tokenizer_lock = threading.Lock()
# Characters that belong to the word before them: a line never starts with one.
_CLINGING = set(".,;:!?)]}%ๆฯ”’»/-–")
# Characters that belong to the word after them: a line never ends with one.
_LEADING = set("([{“‘«")
NO_BREAK = "\u00a0"  # a space no line breaks at (in dates: 1 ต.ค. 2569)
_SPACES = re.compile(r"([ \t]+)")
_LEADING_VOWELS = set("เแโใไ")  # written before the consonant they follow in speech
_FOLLOWING_VOWELS = set("ะาำๅ")  # spacing vowels that end a syllable


# Words of budgets and procurement the general dictionary splits in two: kept whole.
DOMAIN_WORDS = frozenset(
    {
        "เบิกจ่าย",
        "งบประมาณ",
        "ปีงบประมาณ",
        "ก่อหนี้ผูกพัน",
        "เหลือจ่าย",
        "ไตรมาส",
        "ข้อบัญญัติ",
        "เทศบัญญัติ",
        "ผู้รับจ้าง",
        "ตรวจรับ",
        "ราคากลาง",
        "จัดซื้อจัดจ้าง",
        "อุปสรรค",
        "แนวทาง",
        "ดำเนินงาน",
        "ท้องถิ่น",
        "เงินอุดหนุน",
        "ค่าครุภัณฑ์",
        "สิ่งก่อสร้าง",
    }
)


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    from pythainlp.corpus import thai_words
    from pythainlp.util import dict_trie

    return dict_trie(set(thai_words()) | DOMAIN_WORDS)


def _tokenize(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize  # 0.1 s to import

    with _tokenizer_lock:  # the dictionary loads once (about a second), not per thread
        dictionary = _dictionary()
    tokens: list[str] = word_tokenize(
        text, custom_dict=dictionary, engine="newmm", keep_whitespace=True
    )
    return tokens


@lru_cache(maxsize=50_000)
def words(text: str) -> tuple[str, ...]:
    """`text` cut where a line may break: each piece is a word with the space after it
    and any punctuation that clings to it. Text joined by no-break spaces stays whole."""
    if NO_BREAK not in text:
        return tuple(_glue(_tokens(text)))
    pieces: list[str] = []
    for chunk in _SPACES.split(text):
        if not chunk:
            continue
        if chunk.isspace() or (pieces and all(c in _CLINGING for c in chunk)):
            if pieces:
                pieces[-1] += chunk
            continue
        if NO_BREAK in chunk:
            pieces.append(chunk)
            continue
        pieces += _glue(_tokens(chunk))
    return tuple(pieces)


def _tokens(text: str) -> list[str]:
    """Words and runs of spaces; only Thai needs the dictionary (one call per text)."""
    if not needs_shaping(text):
        return [t for t in _SPACES.split(text) if t]
    return _tokenize(text)


def _glue(tokens: list[str]) -> list[str]:
    """Tokens joined into the pieces a line may break between: spaces and clinging
    punctuation go with the word before, opening brackets with the word after."""
    pieces: list[str] = []
    pending = ""  # opening punctuation waiting for its word
    for token in tokens:
        if token.isspace():
            if pending:
                pending += token
            elif pieces:
                pieces[-1] += token
            continue
        if pieces and not pending and (token[0] in _CLINGING or _is_mark(token[0])):
            pieces[-1] += token
            continue
        if all(c in _LEADING for c in token):
            pending += token
            continue
        pieces.append(pending + token)
        pending = ""
    if pending:
        pieces.append(pending)
    return pieces


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in {"Mn", "Mc", "Me"}


def clusters(word: str) -> list[str]:
    """`word` as characters, each with the combining marks (vowels, tones) above or
    below it: the smallest pieces a too-long word may be cut into."""
    found: list[str] = []
    for char in word:
        joins = _is_mark(char) or char in _FOLLOWING_VOWELS
        if found and (joins or found[-1][-1] in _LEADING_VOWELS):
            found[-1] += char
        else:
            found.append(char)
    return found


@lru_cache(maxsize=50_000)
def break_lines(
    text: str, max_width: float, font: str = REGULAR, size: float = 10
) -> tuple[str, ...]:
    """`text` in lines no wider than `max_width` points, broken between words (and at
    its own line breaks); spaces at the end of a line are dropped."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += _fill(paragraph, max_width, font, size)
    return tuple(lines)


@lru_cache(maxsize=50_000)
def widest_word(text: str, font: str = REGULAR, size: float = 10) -> float:
    """The width of the widest piece a line of `text` may not be broken inside."""
    pieces = [word.rstrip() for line in text.splitlines() for word in words(line)]
    return max((width(piece, font, size) for piece in pieces), default=0.0)


def _fill(paragraph: str, max_width: float, font: str, size: float) -> list[str]:
    if width(paragraph, font, size) <= max_width:
        return [paragraph.rstrip()]
    lines: list[str] = []
    line, line_width = "", 0.0  # the line so far, and its width with its trailing spaces
    for word in words(paragraph):
        bare = word.rstrip()
        bare_width = width(bare, font, size)  # widths add up: no kerning between words
        full_width = bare_width + width(word[len(bare) :], font, size)
        if line_width + bare_width <= max_width:
            line, line_width = line + word, line_width + full_width
            continue
        if line:
            lines.append(line.rstrip())
        line, line_width = word, full_width
        if bare_width > max_width:
            *full, line = _cut(word, max_width, font, size)
            lines += full
            line_width = width(line, font, size)
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _cut(word: str, max_width: float, font: str, size: float) -> list[str]:
    """A word too wide for a line, cut between character clusters."""
    pieces: list[str] = []
    piece = ""
    for cluster in clusters(word):
        if piece and width(piece + cluster, font, size) > max_width:
            pieces.append(piece)
            piece = ""
        piece += cluster
    pieces.append(piece)
    return pieces
