"""The HTML math renderer ``mathml``: MathML written at build time (no MathJax, no CDN)."""

from docutils import nodes

from casebook.mathml import to_mathml


def _visit_inline(self, node):
    self.body.append(to_mathml(node.astext()))
    raise nodes.SkipNode


def _visit_block(self, node):
    label = f' id="equation-{node["label"]}"' if node.get("label") else ""
    mathml = to_mathml(node.astext(), display=True)
    self.body.append(f'<div class="math-display"{label}>{mathml}</div>')
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (_visit_inline, None), (_visit_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
