"""Unique ids for sphinx-exercise's content sections.

sphinx-exercise gives the body of every exercise the id ``exercise-content`` and of every
solution ``solution-content``, so a page with several exercises repeats an id (invalid HTML,
axe-core ``duplicate-id``; fragment links and ARIA references resolve to the first one only).
Each body takes its exercise's or solution's own id instead, with ``-content`` appended.
"""

from collections import Counter

from docutils import nodes

SHARED_IDS = frozenset({"exercise-content", "solution-content"})


def _unique_content_ids(app, doctree, docname):
    used = Counter()
    for section in doctree.findall(nodes.section):
        for i, old in enumerate(section["ids"]):
            if old in SHARED_IDS:
                used[old] += 1
                owner = section.parent.get("ids") if section.parent is not None else None
                section["ids"][i] = f"{owner[0]}-content" if owner else f"{old}-{used[old]}"


def setup(app):
    app.connect("doctree-resolved", _unique_content_ids)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
