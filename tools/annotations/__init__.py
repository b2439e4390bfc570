"""The marks `annotate` draws and how each is checked: boxes and highlights, arrows, numbered
badges, dimension lines, eye lines, symmetry axes and horizons.

One mechanism for all of them: a kind module finds where its marks go and returns `Mark`s
(plain geometry, saved in the step's data); `marks` draws any mark and rasterises where it
lies; `tags` draws and reads back the labels; `checks` looks again at the output (the mark's
colour along its geometry, the labels read by OCR, nothing changed away from the marks), and
each kind adds the checks that say its geometry is right.
"""
