"""The Perception, Ask and Check tabs: one image in, a map / an answer / QA verdicts out.

They reuse what the CLI uses (`ui.ask`, `ui.check`, the perception tools) on the runner's model.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from agent.ingest import check_instruction, load_image
from agent.runner import Runner
from model_server.errors import BadInput, VloopError
from tools.base import StepContext, StepFailed, Verdict
from tools.qa.run import check_paths
from ui.ask import answer_images
from ui.check import read_spec, summary_table

IMAGE_HEIGHT = 360
MAPS = ["edge_map", "segmentation_map", "detection_map", "depth_map", "ocr"]


class Inspect:
    """Handlers of the three tabs; every error becomes a line for the person, not a crash."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def perceive(self, path: str | None, kind: str) -> tuple[str | None, str]:
        """Run one perception tool on the image and verify its picture."""
        try:
            image = self._image(path)
            tool = self.runner.tools[kind]
            ctx = StepContext(image=image, model=self.runner.model)
            inp = tool.input_model()
            result = tool.run(inp, ctx)
            verdict = tool.verify(inp, ctx, result)
        except (VloopError, StepFailed) as exc:
            return None, f"⚠ {exc}"
        out = Path(tempfile.mkdtemp(prefix="vloop-map-")) / f"{kind}.png"
        result.image.save(out)
        return str(out), verdict_text(verdict)

    def ask(self, path: str | None, question: str) -> str:
        try:
            images = [self._image(path)]
            data, verdict = answer_images(check_instruction(question, self.runner.settings.limits),
                                          images, self.runner.model)
        except VloopError as exc:
            return f"⚠ {exc}"
        evidence = "".join(f"\n- {item}" for item in data.evidence)
        return f"**{data.answer}**{evidence}\n\n_second look: {'agrees' if verdict.passed else 'disagrees'}_"

    def check(self, path: str | None, spec: str) -> tuple[str, list[str]]:
        """Every assertion of `spec` as PASS/FAIL with its measurements, and the evidence pictures."""
        try:
            if not path:
                raise BadInput("upload a screenshot to check")
            assertions = read_spec(spec.strip())
            evidence = Path(tempfile.mkdtemp(prefix="vloop-check-"))
            reports = check_paths(Path(path), assertions, self.runner.model,
                                  limits=self.runner.settings.limits, evidence_dir=evidence)
        except VloopError as exc:
            return f"⚠ {exc}", []
        pictures = [p for report in reports for p in report.evidence]
        return f"```\n{summary_table(reports, assertions)}\n```", pictures

    def _image(self, path: str | None):
        if not path:
            raise BadInput("upload an image first")
        return load_image(Path(path), self.runner.settings.limits).image


def verdict_text(verdict: Verdict) -> str:
    head = "✓ verified" if verdict.passed else "✗ verification failed"
    return "\n".join([f"**{head}**", *(f"- {'✓' if c.passed else '✗'} `{c.name}` {c.detail}"
                                       for c in verdict.checks)])


def build_inspect_tabs(runner: Runner) -> None:
    """Create and wire the three tabs inside the current `gr.Tabs`."""
    inspect = Inspect(runner)
    model = {"concurrency_id": "model"}
    with gr.Tab("Perception", elem_id="tab-perception"):
        with gr.Row():
            image = _image("Image", "perceive-image")
            shown = gr.Image(label="Map", elem_id="perceive-output", interactive=False, height=IMAGE_HEIGHT)
        kind = gr.Dropdown(MAPS, value=MAPS[0], label="Map", elem_id="perceive-kind")
        run = gr.Button("Run", elem_id="perceive-btn", variant="primary")
        verdict = gr.Markdown(elem_id="perceive-verdict")
        run.click(inspect.perceive, [image, kind], [shown, verdict], **model)
    with gr.Tab("Ask", elem_id="tab-ask"):
        image = _image("Image", "ask-image")
        question = gr.Textbox(label="Question", elem_id="ask-question",
                              placeholder="how many faces? · 图里的文字是什么？")
        ask = gr.Button("Ask", elem_id="ask-btn", variant="primary")
        answer = gr.Markdown(elem_id="ask-answer")
        ask.click(inspect.ask, [image, question], answer, **model)
    with gr.Tab("Check", elem_id="tab-check"):
        image = _image("Screenshot", "check-image")
        spec = gr.Textbox(label="Spec (prose, one assertion per sentence, or YAML)", lines=3,
                          elem_id="check-spec", placeholder="exactly one face; background is white")
        check = gr.Button("Check", elem_id="check-btn", variant="primary")
        summary = gr.Markdown(elem_id="check-summary")
        evidence = gr.Gallery(label="Evidence", elem_id="check-evidence", columns=3, height="auto")
        check.click(inspect.check, [image, spec], [summary, evidence], **model)


def _image(label: str, elem_id: str) -> gr.Image:
    return gr.Image(type="filepath", label=label, elem_id=elem_id, sources=["upload"], height=IMAGE_HEIGHT)
