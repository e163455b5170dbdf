"""What ``list TEXT...`` and ``list --search`` look for: words, every one of which must
be in a task's title or notes."""

from __future__ import annotations

from collections.abc import Iterable

from microtask.domain.errors import InvalidInputError

MAX_WORDS = 20
MAX_WORD_LENGTH = 200


def search_words(texts: Iterable[str]) -> tuple[str, ...]:
    """``["Send invoice", "acme"]`` -> ``("send", "invoice", "acme")``: split on spaces,
    lower-cased, repeats dropped; ``%`` and ``_`` are plain characters."""
    words: list[str] = []
    for text in texts:
        if "\0" in text:
            raise InvalidInputError("search text cannot contain NUL")
        for word in text.lower().split():
            if len(word) > MAX_WORD_LENGTH:
                raise InvalidInputError(
                    f"search word too long ({len(word)} characters): at most {MAX_WORD_LENGTH}"
                )
            if word not in words:
                words.append(word)
    if len(words) > MAX_WORDS:
        raise InvalidInputError(f"too many search words ({len(words)}): at most {MAX_WORDS}")
    return tuple(words)
