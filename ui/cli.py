"""The `vloop` command line: a thin adapter over the runner.

Exit codes: 0 every step passed verification; 1 the run finished but some step failed or is
unsupported; 2 bad input or usage (one line on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from agent.export import export_run, write_report
from agent.report import Report
from agent.runner import Runner, RunOutcome, new_thread_id
from agent.settings import Settings
from agent.state import Step
from model_server.errors import BadInput
from ui.ask import add_ask_parser, run_ask
from ui.check import add_check_parser, run_check
from ui.draw import add_draw_parser, run_draw
from ui.progress import ProgressPrinter

OUTPUT_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}
log = logging.getLogger("vloop")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vloop", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    parser.add_argument("--home", type=Path, help="state folder (image store, checkpoints)")
    sub = parser.add_subparsers(dest="command", required=True)

    edit = sub.add_parser("edit", help="edit images from one instruction (zh/en)")
    edit.add_argument("args", nargs="+", metavar="IMAGE... INSTRUCTION",
                      help="one or more images, then the instruction; with --thread and no image, a "
                           "follow-up on the thread's last result ('make it bigger', '撤销')")
    _add_run_outputs(edit)
    edit.add_argument("--mask", type=Path, help="image the size of the first input; white = region to edit")
    edit.add_argument("--dry-run", action="store_true", help="print the plan, run nothing")
    edit.add_argument("--thread", help="thread id for the run's checkpoints (default: new)")

    resume = sub.add_parser("resume", help="finish an interrupted run from its checkpoint")
    resume.add_argument("thread", help="the thread id printed when the run started")
    _add_run_outputs(resume)

    add_ask_parser(sub)
    add_draw_parser(sub)
    add_check_parser(sub)

    _add_ui_parser(sub)
    _add_memory_parser(sub)

    demo = sub.add_parser("demo", help="run the main job on the bundled sample poster")
    demo.add_argument("--out", type=Path, default=Path("vloop-demo"), help="folder for results")
    demo.add_argument("--backend", help="unified model backend (default: embedded)")
    return parser


def _add_ui_parser(sub: argparse._SubParsersAction) -> None:
    ui = sub.add_parser("ui", help="the Gradio app, on 127.0.0.1 unless told otherwise")
    ui.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    ui.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    ui.add_argument("--share", action="store_true", help="also open a public share link (off by default)")
    ui.add_argument("--backend", help="unified model backend (default: embedded)")


def _add_memory_parser(sub: argparse._SubParsersAction) -> None:
    memory = sub.add_parser("memory", help="list or delete what vloop remembers (requests, preferences)")
    actions = memory.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="every remembered request and preference, with its id")
    actions.add_parser("delete", help="forget one item").add_argument("id", type=int, help="the item's id")
    actions.add_parser("clear", help="forget everything")


def _add_run_outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, required=True, help="output image path")
    parser.add_argument("--report", type=Path, help="write the JSON report here")
    parser.add_argument("--backend", help="unified model backend (default: embedded)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return COMMANDS[args.command](args, _settings(args))
    except BadInput as exc:
        print(f"vloop: error: {exc}", file=sys.stderr)
        return 2


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from ui.demo import run_demo

    return run_demo(args.out, settings)


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict = {}
    if args.home:
        overrides["home"] = args.home
    if getattr(args, "backend", None):
        overrides["backend"] = args.backend
    return Settings(**overrides)


def _edit(args: argparse.Namespace, settings: Settings) -> int:
    if len(args.args) < 2 and not args.thread:
        raise BadInput('usage: vloop edit IMAGE [IMAGE ...] "INSTRUCTION" -o OUT.png '
                       '(or: vloop edit --thread ID "FOLLOW-UP" -o OUT.png)')
    *images, instruction = args.args
    _check_output_paths(args.output, args.report)
    runner = Runner(settings)
    if args.dry_run:
        return _dry_run(runner, [Path(p) for p in images], instruction, args.report)
    thread_id = args.thread or new_thread_id()
    header = f"thread {thread_id} (if interrupted: vloop resume {thread_id} -o {args.output})"
    outcome = runner.edit([Path(p) for p in images], instruction, mask=args.mask, thread_id=thread_id,
                          on_event=ProgressPrinter(header=header))
    return _finish(runner, outcome, args)


def _ui(args: argparse.Namespace, settings: Settings) -> int:
    from ui.app import serve  # gradio takes seconds to import: only this command pays for it

    serve(Runner(settings), host=args.host, port=args.port, share=args.share)
    return 0


def _memory(args: argparse.Namespace, settings: Settings) -> int:
    memory = Runner(settings).memory
    if args.action == "list":
        for item in memory.list():
            print(f"{item.id}\t{item.kind}\t{item.text}\t{item.detail}")
        return 0
    if args.action == "clear":
        memory.clear()
        print("memory cleared")
        return 0
    if not memory.delete(args.id):
        raise BadInput(f"no memory item with id {args.id}: see `vloop memory list`")
    print(f"deleted item {args.id}")
    return 0


def _dry_run(runner: Runner, images: list[Path], instruction: str, report_path: Path | None) -> int:
    from agent.planner.describe import describe_step

    report = runner.preview(images, instruction)
    print(f"plan ({report.language}), {len(report.plan)} step(s); nothing was run:")
    for planned in report.plan:
        print("  " + describe_step(Step.model_validate(planned.model_dump())))
    if report_path is not None:
        write_report(report, report_path)
    return 0


def _resume(args: argparse.Namespace, settings: Settings) -> int:
    _check_output_paths(args.output, args.report)
    runner = Runner(settings)
    outcome = runner.resume(args.thread, on_event=ProgressPrinter())
    return _finish(runner, outcome, args)


def _finish(runner: Runner, outcome: RunOutcome, args: argparse.Namespace) -> int:
    if outcome.remembered:
        print("remembered: " + "; ".join(pref.describe() for pref in outcome.remembered))
    if outcome.output is None and not outcome.report.plan:  # a preference only: nothing to write
        return 0
    report = export_run(outcome, runner.store, args.output, args.report)
    passed = sum(s.status == "passed" for s in report.steps)
    done = f"{passed}/{len(report.steps)} steps passed" if report.plan else "went back one change"
    print(f"{done} · output {report.output} · "
          f"thread {outcome.thread_id}" + (f" · report {args.report}" if args.report else ""))
    return exit_code(report)


def exit_code(report: Report) -> int:
    """0 when every step passed verification, 1 otherwise."""
    return 0 if report.passed else 1


def _check_output_paths(output: Path, report: Path | None) -> None:
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise BadInput(f"output must end in .png, .jpg or .webp, got {output.name!r}")
    for path in (output, report):
        if path is not None and path.exists() and path.is_dir():
            raise BadInput(f"{path} is a folder; give a file path")


COMMANDS = {"edit": _edit, "resume": _resume, "ask": run_ask, "draw": run_draw, "check": run_check,
            "ui": _ui, "memory": _memory, "demo": _demo}


if __name__ == "__main__":
    sys.exit(main())
