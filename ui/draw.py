"""`vloop draw`: a diagram, chart, geometry figure, mind map or timeline from words."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from PIL import Image
from pydantic import ValidationError

from agent.files import save_image_atomic, write_bytes_atomic
from agent.ingest import check_instruction
from agent.settings import Settings
from model_server.errors import BadInput
from tools import diagram
from tools.base import StepContext, StepFailed


def add_draw_parser(sub: argparse._SubParsersAction) -> None:
    draw = sub.add_parser("draw", help="draw a diagram or chart from a description (zh/en)")
    draw.add_argument("description", help='e.g. "A → B → C", "sales 2021 10, 2022 15", "思维导图：…"')
    draw.add_argument("-o", "--output", type=Path, required=True, help="output image path (.png)")
    draw.add_argument("--aspect", help="W:H, e.g. 4:1 or 1:3 (default 4:3)")
    draw.add_argument("--width", type=int, default=1200, help="width in pixels")
    draw.add_argument("--report", type=Path, help="write what was drawn and its verification here")
    draw.add_argument("--backend", help="model backend used to read the drawing back (default: embedded)")


def run_draw(args: argparse.Namespace, settings: Settings) -> int:
    """Draw, look again (OCR reads every label, order and proportions hold), write the picture."""
    from model_server.backends import load_backend

    inp = _input(args, settings)
    ctx = StepContext(image=Image.new("RGB", (8, 8), "white"), model=load_backend(settings.backend))
    try:
        result = diagram.run(inp, ctx)
    except StepFailed as exc:
        print(f"vloop: could not draw it: {exc}", file=sys.stderr)
        return 1
    verdict = diagram.verify(inp, ctx, result)
    save_image_atomic(result.image, args.output)
    if args.report:
        report = {"description": inp.description, "output": str(args.output),
                  "data": result.data.model_dump(mode="json"), "verification": verdict.model_dump()}
        write_bytes_atomic(args.report, json.dumps(report, ensure_ascii=False, indent=2).encode())
    failed = [c for c in verdict.checks if not c.passed]
    print(f"{'✓' if verdict.passed else '✗'} {result.image.width}x{result.image.height} → {args.output}"
          + "".join(f"\n  ✗ {c.name}: {c.detail}" for c in failed))
    return 0 if verdict.passed else 1


def _input(args: argparse.Namespace, settings: Settings) -> diagram.Input:
    text = check_instruction(args.description, settings.limits)
    if args.output.suffix.lower() != ".png":
        raise BadInput(f"output must end in .png, got {args.output.name!r}")
    try:
        return diagram.Input(description=text, aspect=args.aspect, width=args.width)
    except ValidationError as exc:
        reason = exc.errors()[0]
        raise BadInput(f"{'.'.join(map(str, reason['loc'])) or 'input'}: {reason['msg']}") from None
