"""Sentences and clauses: where a statement starts and ends in the clean text.

The delimiters are defined here once: :data:`SENTENCE_END` ends a sentence, :data:`CLAUSE_MARKS`
separates the clauses inside one, :data:`CLOSERS` stay with the sentence they close.
"""

from __future__ import annotations

import re

__all__ = ["SENTENCE_END", "CLOSERS", "CLAUSE_MARKS", "CLAUSE_PUNCTUATION", "SENTENCE", "UP_TO_LAST_END",
           "split_sentences"]

#: characters that end a sentence (the clean text has ASCII punctuation: full-width is mapped)
SENTENCE_END = "。!?;！？；\n"
#: closing quotes and brackets that stay with the sentence they close
CLOSERS = "”\"’)）】」』"
#: characters that separate clauses (and sentences) when walking back from a figure
CLAUSE_MARKS = ",;:()、“”\"《》【】。!?\n"
#: the punctuation between the clauses of one sentence (comma, semicolon, colon)
CLAUSE_PUNCTUATION = ",;:，；："


def _chars(chars: str) -> str:
    return "".join(re.escape(ch) for ch in chars)


#: a sentence from where it starts: everything up to an end mark, with the closers right after it; or a
#: last run without one (its whitespace not trimmed)
SENTENCE = re.compile(f"[^{_chars(SENTENCE_END)}]*[{_chars(SENTENCE_END)}][{_chars(CLOSERS)}]*"
                      f"|[^{_chars(SENTENCE_END)}]+")
#: greedy: up to the last sentence end (group ``end``), with the closers right after it, before the end
#: of the search: a sentence starts there
UP_TO_LAST_END = re.compile(f"(?s).*(?P<end>[{_chars(SENTENCE_END)}])[{_chars(CLOSERS)}]*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` spans of the sentences of ``text``.

    Sentences end at 。 ! ? ; and newlines; a closing quote or bracket right after the end
    mark stays with its sentence. Spans exclude surrounding whitespace; empty ones are dropped.

    >>> text = "投入2000万元。他说:“很好!”\\n新建3所"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['投入2000万元。', '他说:“很好!”', '新建3所']
    """
    if not isinstance(text, str):
        raise TypeError(f"split_sentences() expects str, not {type(text).__name__}")
    spans = []
    for m in SENTENCE.finditer(text):
        sentence = m.group()
        body = sentence.strip()  # str.strip drops exactly the characters str.isspace accepts
        if body:
            start = m.start() + len(sentence) - len(sentence.lstrip())
            spans.append((start, start + len(body)))
    return spans
