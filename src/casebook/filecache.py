"""Results read from files, kept until one of the files changes.

A book build asks for the same chapters, banks and walks many times (the quiz pages, the
progress page, the instructor guide, the exports); parsing each once per version of its file
keeps a rebuild from re-reading the book a dozen times. A file's version is a hash of its bytes,
not its modification time: Linux stamps files to the kernel tick (a few milliseconds), so two
quick writes of the same length would look like one.

>>> import tempfile; path = Path(tempfile.mkdtemp()) / "n.txt"; _ = path.write_text("1")
>>> calls = []
>>> @until_changed
... def number(path):
...     calls.append(path)
...     return int(path.read_text())
>>> number(path), number(path), len(calls)
(1, 1, 1)
>>> _ = path.write_text("22"); number(path), len(calls)
(22, 2)
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import yaml

__all__ = ["Derived", "FastSafeLoader", "until_changed", "version"]

# libyaml's parser when PyYAML was built with it (about ten times faster), else the Python one.
FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_ENTRIES = 256  # per function: a long session in a kernel does not grow without bound


def version(*paths: Path | str | None) -> tuple:
    """``(path, digest of its bytes)`` of each path (``None`` for a file that cannot be read)."""
    out = []
    for path in paths:
        if path is None:
            out.append(None)
            continue
        try:
            digest = hashlib.blake2b(Path(path).read_bytes(), digest_size=16).digest()
        except OSError:
            digest = None
        out.append((os.fspath(path), digest))
    return tuple(out)


def until_changed(func: Callable | None = None, *, also: Callable[..., tuple] | None = None):
    """Cache ``func(path, *args, **kwargs)`` until the file at ``path`` changes.

    ``also(path, *args, **kwargs)`` names other files the result is made from (a bank's
    bibliography); a change to any of them reads afresh too. Results must not be mutated by
    callers (the models cached here are frozen dataclasses).
    """
    if func is None:
        return lambda f: until_changed(f, also=also)
    cache: dict = {}

    @functools.wraps(func)
    def wrapper(path, *args, **kwargs):
        extra = also(path, *args, **kwargs) if also else ()
        # The path as given is part of the key: results (and errors) name it as the caller did.
        key = (os.fspath(path), version(path, *extra), args, tuple(sorted(kwargs.items())))
        if key not in cache:
            if len(cache) >= _MAX_ENTRIES:
                cache.clear()
            cache[key] = func(path, *args, **kwargs)
        return cache[key]

    wrapper.cache_clear = cache.clear  # type: ignore[attr-defined]
    return wrapper


class Derived:
    """Text derived from source files, kept on disk in ``store`` (JSON) with each source's
    digest, so a new process (the next build) derives again only from sources that changed.
    Nothing is written until :meth:`save`.

    >>> import tempfile; folder = Path(tempfile.mkdtemp()); src = folder / "a.md"
    >>> _ = src.write_text("# A title"); calls = []
    >>> def first_line(path):
    ...     calls.append(path)
    ...     return path.read_text().splitlines()[0]
    >>> kept = Derived(folder / "store.json"); kept.get(src, first_line)
    '# A title'
    >>> kept.save()
    >>> Derived(folder / "store.json").get(src, first_line), len(calls)  # a new process
    ('# A title', 1)
    """

    def __init__(self, store: Path):
        self.store = Path(store)
        try:
            self.values = json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.values = {}
        if not isinstance(self.values, dict):
            self.values = {}
        self.changed = False

    def get(self, source: Path, derive: Callable[[Path], str]) -> str:
        """``derive(source)``, or the value kept for the same bytes of ``source``."""
        digest = hashlib.blake2b(Path(source).read_bytes(), digest_size=16).hexdigest()
        key = os.fspath(source)
        kept = self.values.get(key)
        if isinstance(kept, list) and len(kept) == 2 and kept[0] == digest:
            return kept[1]
        value = derive(Path(source))
        self.values[key], self.changed = [digest, value], True
        return value

    def save(self) -> None:
        if self.changed:
            self.store.parent.mkdir(parents=True, exist_ok=True)
            self.store.write_text(json.dumps(self.values), encoding="utf-8")
            self.changed = False
