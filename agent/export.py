"""Write a run's results where the user asked: the output image, every step's image, the report."""

from __future__ import annotations

import json
from pathlib import Path

from agent.files import save_image_atomic, write_bytes_atomic
from agent.image_store import ImageStore
from agent.report import Report
from agent.runner import RunOutcome


def export_run(outcome: RunOutcome, store: ImageStore, out: Path,
               report_path: Path | None = None) -> Report:
    """Save the output to `out`, each step's image to `<out stem>_steps/`, and the report.

    Returns the report with paths pointing at the exported files.
    """
    report = outcome.report.model_copy(deep=True)
    steps_dir = out.parent / f"{out.stem}_steps"
    for step, result in zip(report.steps, outcome.report.steps, strict=True):
        if result.image:
            target = steps_dir / f"{step.id}_{step.op}.png"
            write_bytes_atomic(target, Path(result.image).read_bytes())
            step.image = str(target)
    if outcome.output is not None:
        save_image_atomic(store.get(outcome.output), out)
        report.output = str(out)
    if report_path is not None:
        write_report(report, report_path)
    return report


def write_report(report: Report, path: Path) -> None:
    text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)
    write_bytes_atomic(path, text.encode("utf-8"))
