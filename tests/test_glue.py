"""casebook.glue: the same display message as myst-nb's glue, without nbformat in the kernel."""

import subprocess
import sys

import pandas as pd
import pytest
from myst_nb.ext import glue as myst_glue

from casebook import glue as casebook_glue


def _published(module, monkeypatch, *args, **kwargs):
    calls = []
    monkeypatch.setattr(module, "ipy_display", lambda *a, **k: calls.append((a, k)))
    module.glue(*args, **kwargs)
    return calls


@pytest.mark.parametrize("value", [59, 2.3e-6, "not IIM", pd.DataFrame({"n": [1, 2]})],
                         ids=["int", "float", "str", "frame"])
@pytest.mark.parametrize("display", [True, False])
def test_same_message_as_myst_nb(monkeypatch, value, display):
    ours = _published(casebook_glue, monkeypatch, "key", value, display=display)
    theirs = _published(myst_glue, monkeypatch, "key", value, display=display)
    assert ours == theirs and len(ours) == 1


def test_hidden_value_uses_myst_nb_prefix():
    assert casebook_glue.GLUE_PREFIX == myst_glue.GLUE_PREFIX


def test_importing_glue_keeps_nbformat_out():
    code = ("import sys, casebook.glue; "
            "print(sorted(m for m in ('nbformat', 'jsonschema', 'myst_nb') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
