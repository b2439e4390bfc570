"""`vloop demo`: the main job on the bundled sample, no arguments needed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from agent.export import export_run
from agent.files import save_image_atomic
from agent.runner import Runner
from agent.settings import Settings
from ui.cli import exit_code
from ui.progress import ProgressPrinter
from ui.strip import before_after

DEMO_INSTRUCTION = '把背景换成浅蓝色，change "SALE" to "五折"，再用红框标出人脸'


def demo_image() -> Path:
    return Path(str(resources.files("ui") / "assets" / "demo_poster.png"))


def run_demo(out_dir: Path, settings: Settings) -> int:
    """Edit the sample poster with a three-part mixed-language instruction; write the output,
    every step's image, a before/after strip and the report into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"vloop demo: {demo_image().name} + “{DEMO_INSTRUCTION}”")
    runner = Runner(settings)
    outcome = runner.edit([demo_image()], DEMO_INSTRUCTION, on_event=ProgressPrinter())
    report = export_run(outcome, runner.store, out_dir / "output.png", out_dir / "report.json")
    if outcome.output is not None:
        strip = before_after(_load(demo_image()), runner.store.get(outcome.output))
        save_image_atomic(strip, out_dir / "before_after.png")
    passed = sum(s.status == "passed" for s in report.steps)
    print(f"{passed}/{len(report.steps)} steps passed in {report.seconds:.1f}s → {out_dir}/ "
          "(output.png, output_steps/, before_after.png, report.json)")
    return exit_code(report)


def _load(path: Path):
    from PIL import Image

    with Image.open(path) as image:
        return image.convert("RGB")
