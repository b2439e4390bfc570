"""Hand-measured facts about skimage's sample images, shared by the model-server tests."""

from __future__ import annotations

from model_server.types import Box

# Measured on skimage's 512x512 astronaut by looking at a 3x crop with a 20 px grid:
# her face from ear to ear and from hairline to chin, without the hair.
ASTRONAUT_FACE = Box(x0=180, y0=78, x1=268, y1=178)
# Her head with its hair, cut out to paste faces into canvases at other scales.
ASTRONAUT_HEAD = Box(x0=130, y0=20, x1=320, y1=230)
# Her orange suit below the collar ring, and a patch of plain wall in the top-right corner.
ASTRONAUT_SUIT = Box(x0=40, y0=300, x1=260, y1=500)
ASTRONAUT_WALL = Box(x0=462, y0=0, x1=512, y1=60)
