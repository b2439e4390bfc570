"""`vloop ask IMAGE [IMAGE ...] "QUESTION" [--json] [--thread ID]`: answer a question about
images, or about the latest working image of an earlier run (its thread).

Exit codes: 0 answered (and the second look agreed), 1 unknown, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from PIL import Image

from agent.ingest import check_instruction, load_image
from agent.runner import Runner
from agent.settings import Settings
from model_server.errors import BadInput
from tools import answer
from tools.base import StepContext, Verdict
from tools.questions import parse

USAGE = 'usage: vloop ask IMAGE [IMAGE ...] "QUESTION" [--json] [--thread ID]'
COMPARING = ("differ", "what_changed")


def add_ask_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `ask` sub-command, for `ui.cli.build_parser`."""
    ask = subparsers.add_parser("ask", help="answer a question about images (zh/en)")
    ask.add_argument("args", nargs="+", metavar="IMAGE... QUESTION",
                     help="images, then the question; with --thread the images may be left out")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--thread", help="ask about the latest working image of this run's thread")
    ask.add_argument("--backend", help="unified model backend (default: embedded)")
    return ask


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer, print the answer and its evidence; 0 answered, 1 unknown, 2 bad input."""
    from model_server.backends import load_backend

    try:
        question, images = _inputs(args, settings)
        model = load_backend(settings.backend)
    except BadInput as exc:
        print(f"vloop: error: {exc}", file=sys.stderr)
        return 2
    data, verdict = answer_images(question, images, model)
    print(json.dumps(_as_json(data, verdict), ensure_ascii=False, indent=2) if args.json else _as_text(data))
    return 0 if data.known else 1


def answer_images(question: str, images: list[Image.Image], model) -> tuple[answer.Output, Verdict]:
    """Answer `question` about `images` (the first is asked about); "unknown" when a second look
    disagrees. Shared by `vloop ask` and the app's Ask tab."""
    ctx = StepContext(image=images[0], model=model, extra_images=images[1:])
    inp = answer.Input(question=question)
    result = answer.run(inp, ctx)
    verdict = answer.verify(inp, ctx, result)
    return _checked(result.data, verdict, parse(question).lang), verdict


def _inputs(args: argparse.Namespace, settings: Settings) -> tuple[str, list[Image.Image]]:
    *paths, question = args.args
    question = check_instruction(question, settings.limits)
    if not paths and not args.thread:
        raise BadInput(f"no input image: {USAGE}")
    images = [load_image(Path(p), settings.limits).image for p in paths]
    if args.thread:
        first, latest = thread_images(settings, args.thread)
        if not images and parse(question).kind in COMPARING:
            return question, [first, latest]  # "what changed?": the run's input against its result
        images = [latest, *images]
    return question, images


def thread_images(settings: Settings, thread_id: str) -> tuple[Image.Image, Image.Image]:
    """A thread's first input image and its latest working image."""
    runner = Runner(settings)
    first, latest = runner.thread_images(thread_id)
    return runner.store.get(first), runner.store.get(latest)


def _checked(data: answer.Output, verdict: Verdict, lang: str) -> answer.Output:
    """The answer, or "unknown" when the second look disagreed with it."""
    if verdict.passed or not data.known:
        return data
    failed = "; ".join(c.detail for c in verdict.checks if not c.passed)
    text = (f"无法确定：复查结果不一致（{failed}）。" if lang == "zh"
            else f"Unknown: a second look disagreed ({failed}).")
    return data.model_copy(update={"answer": text, "known": False})


def _as_text(data: answer.Output) -> str:
    lines = [data.answer]
    if data.evidence:
        lines += ["evidence:", *(f"  - {e}" for e in data.evidence)]
    return "\n".join(lines)


def _as_json(data: answer.Output, verdict: Verdict) -> dict:
    return {"answer": data.answer, "known": data.known, "kind": data.kind, "evidence": data.evidence,
            "verified": verdict.passed, "checks": [c.model_dump() for c in verdict.checks]}
