"""Quotes against the license text: does a clause's ``cite "§x" "quote"`` stand in the text?

A text is read as its sequence of words (letters and digits; case, whitespace, quote marks,
dashes and other punctuation normalised away), so a quote matches the license's own words
however the text is wrapped or typeset. ``...`` / ``…`` split a quote into parts that must
occur in order. A section marker (``§3``, ``Section 3``) is plausible when the text, where it
numbers its sections, has a section of that number starting before the quote.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")
# an apostrophe inside a word is not a break ("recipient's" is one word, as "recipients" is)
_WORD_WITH_APOSTROPHES = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ](?=\w)")
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*\.\.\.\s*\]")
# a line that starts a numbered section: "3. Title", "Section 3 – Title", "§ 3", "Article 3"
_HEADING = re.compile(r"^[ \t*#|>]*(?:(?:section|article|§)[ \t]*)?"  # Markdown marks too
                      r"(\d{1,2})[\\*]*(?:[.)]|[ \t]+[–—-])", re.IGNORECASE | re.MULTILINE)
_CITED_NUMBER = re.compile(r"^\s*(?:§|section\s+|article\s+|clause\s+)\s*(\d{1,2})\b",
                           re.IGNORECASE)


def normal_words(text: str) -> list[str]:
    """The words of ``text``, compatibility-normalised and case-folded."""
    return _WORD.findall(_APOSTROPHE.sub("", unicodedata.normalize("NFKC", text).casefold()))


@dataclass(frozen=True)
class Words:
    """A text as its words, with where each word is in the text (to map a match back)."""

    text: str
    joined: str  # " w1 w2 … wn " (a space before and after every word)
    starts: tuple[int, ...]  # character offset in ``text`` of each word
    ends: tuple[int, ...]
    offsets: tuple[int, ...]  # character offset in ``joined`` of each word

    @staticmethod
    def of(text: str) -> Words:
        # NFKC may change lengths: normalise word by word so offsets stay in the original
        starts, ends, words = [], [], []
        for m in _WORD_WITH_APOSTROPHES.finditer(text):
            for w in normal_words(m.group(0)):
                starts.append(m.start())
                ends.append(m.end())
                words.append(w)
        offsets, at = [], 1
        for w in words:
            offsets.append(at)
            at += len(w) + 1
        return Words(text, " " + " ".join(words) + " ", tuple(starts), tuple(ends),
                     tuple(offsets))

    def find(self, words: list[str], start_word: int = 0) -> int | None:
        """Index of the first word of the first occurrence of ``words`` at or after
        ``start_word`` (None: not there)."""
        if not words:
            return start_word
        at = self.offsets[start_word] - 1 if start_word < len(self.offsets) else len(self.joined)
        hit = self.joined.find(" " + " ".join(words) + " ", at)
        if hit < 0:
            return None
        return bisect.bisect_left(self.offsets, hit + 1)


def quote_parts(quote: str) -> list[list[str]]:
    """The quote's parts (split at ellipses), each as its words; empty parts dropped."""
    return [w for w in (normal_words(p) for p in _ELLIPSIS.split(quote)) if w]


def find_quote(words: Words, quote: str) -> list[tuple[int, int]] | None:
    """Where the quote is in the text: one (start, end) character span per part, the parts in
    order; None when it is not there. Each part is taken at its first occurrence after the one
    before: the earliest place leaves the most room for the rest, so no other choice finds
    an order this one misses."""
    parts = quote_parts(quote)
    if not parts:
        return None
    spans: list[tuple[int, int]] = []
    at = 0
    for part in parts:
        hit = words.find(part, at)
        if hit is None:
            return None
        end = hit + len(part) - 1
        spans.append((words.starts[hit], words.ends[end]))
        at = end + 1
    return spans


def section_number(section: str) -> int | None:
    """The top-level section a cite names (``§2.1(a)`` → 2), None when it names none."""
    m = _CITED_NUMBER.match(section)
    return int(m.group(1)) if m else None


def headings(text: str) -> list[tuple[int, int]]:
    """(offset, number) of every line that starts a numbered section."""
    return [(m.start(), int(m.group(1))) for m in _HEADING.finditer(text)]


def section_plausible(text_headings: list[tuple[int, int]], section: str, at: int
                      ) -> bool | None:
    """Is the section a cite names plausible for a quote found at offset ``at``: a section of
    that number starts before it? None: the cite names no number, the text numbers fewer
    than three sections, or its numbering skips that number (a text that lost its numbers
    in typesetting: nothing to check against). False also for a number past the last."""
    number = section_number(section)
    numbers = {n for _, n in text_headings}
    if number is None or len(numbers) < 3:
        return None
    if number not in numbers:
        return False if number > max(numbers) else None
    return any(n == number and offset <= at for offset, n in text_headings)
