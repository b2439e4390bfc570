"""Render the contact sheet of vloop's bundled stickers for the README. Run once; the PNG is
committed.

    .venv/bin/python ui/assets/make_sticker_sheet.py
"""

from __future__ import annotations

from pathlib import Path

from tools.stickers import contact_sheet

OUT = Path(__file__).with_name("stickers.png")


def main() -> None:
    contact_sheet().save(OUT, optimize=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
