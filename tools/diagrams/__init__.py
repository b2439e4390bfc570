"""Diagrams drawn from a description: flowcharts, bar/line/pie charts, geometry figures, mind maps
and timelines.

`parse` turns the user's words into a typed spec (`spec`); one module per kind lays it out and
draws it on a `render.Canvas` (matplotlib, the Noto CJK font) and knows how to measure its own
result in the picture; `reading` reads the labels back with OCR for verification.
"""
