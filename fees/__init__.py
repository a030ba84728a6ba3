"""Correspondents' statistics (发稿统计) and fees (稿费).

placement.py reads where a story was printed; stats.py counts work per
person, unit or desk; rules.py is the fee arithmetic (no database);
compute.py freezes fees on records; hooks.py ties computation to the
workflow's publish step and to printing; statements.py makes the monthly
statements; admin.py and views.py are the screens.
"""
