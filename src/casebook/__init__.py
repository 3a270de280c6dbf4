"""Helpers for the anti-synthetase syndrome casebook.

Calculators (``myeloma``, ``serology``, ``myositis``, ``transplant``) are pure functions of the
standard library; ``tables`` and ``plotting`` wrap them for the chapters; ``case`` holds the
case's facts; ``quiz`` renders the question banks.
"""

__version__ = "0.1.0"
