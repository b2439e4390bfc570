"""The runner API: what the CLI, the app and the HTTP server call to run an instruction."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from PIL import Image

from agent.context import RunContext
from agent.events import RunEvent, events_from_update
from agent.followup import asks_resize, cannot_resize, is_undo, revise
from agent.history import History
from agent.image_store import ImageStore
from agent.ingest import check_instruction, load_image
from agent.planner.language import detect_language
from agent.recall import RememberingPlanner, Said, outcome_of, split_preference
from agent.report import InputInfo, Report, build_report
from agent.settings import Settings
from agent.state import ImageRef, Plan, RunState
from agent.threads import ThreadStore, ThreadSummary, thread_config
from memory import Memory, Preference, RecalledRequest, open_memory
from model_server.errors import BadInput, VloopError
from model_server.protocol import UnifiedModel
from tools.base import Tool

EventHandler = Callable[[RunEvent], None]
log = logging.getLogger(__name__)


class Cancelled(VloopError):
    """The user stopped a run; its thread keeps every finished step and can be resumed."""

    def __init__(self, thread_id: str) -> None:
        super().__init__(f"cancelled; the thread keeps its finished steps: vloop resume {thread_id}")
        self.thread_id = thread_id


@dataclass
class RunOutcome:
    """A finished (or resumed-to-the-end) run."""

    thread_id: str
    report: Report
    output: ImageRef | None
    remembered: list[Preference] = field(default_factory=list)  # preferences the instruction stated


class Runner:
    """Runs instructions through the graph with a checkpointer; one per process is enough."""

    def __init__(
        self,
        settings: Settings,
        *,
        model: UnifiedModel | None = None,
        tools: Mapping[str, Tool] | None = None,
        planner: Callable[[str], Plan] | None = None,
        memory: Memory | None = None,
    ) -> None:
        self.settings = settings
        self.store = ImageStore(settings.store_dir)
        self._model = model
        self._tools = tools
        self._planner = planner
        self._memory = memory
        self._loading = threading.Lock()  # the app's sessions may ask for the model at once
        self.thread_store = ThreadStore(settings.checkpoint_db)

    def edit(self, image_paths: Sequence[Path], instruction: str, *, mask: Path | None = None,
             thread_id: str | None = None, on_event: EventHandler | None = None,
             cancel: threading.Event | None = None) -> RunOutcome:
        """Validate the inputs, then plan, run and verify every step of `instruction`.

        `mask` is an optional image the size of the first input; white marks the region that
        regional ops act on. With the `thread_id` of an earlier run and no images, the instruction is
        a follow-up that continues from that thread's current image (its head). Setting `cancel`
        stops the run after the node in progress and raises `Cancelled`. A preference stated in the
        same sentence ("our brand blue is #1E6FFF, make the background brand blue") is remembered
        first, so it fills what the edit leaves unsaid, and is listed in the outcome's `remembered`.
        """
        text = check_instruction(instruction, self.settings.limits)
        remembering = self.settings.remember
        said = split_preference(text, self.memory, self.planner) if remembering else Said(edit=text)
        if not said.edit:
            return self._remember_preference(said.preference, thread_id)
        previous = self.thread_store.values(thread_id) if thread_id else {}
        if said.preference and not (image_paths or previous):
            raise BadInput(f"'{said.edit}' needs an image to edit: give one, or state "
                           f"'{said.preference}' on its own to only remember it")
        remembered = self.memory.add_preferences(said.preference) if said.preference else []
        outcome = self._edit(said.edit, image_paths, previous, mask=mask, thread_id=thread_id,
                             on_event=on_event, cancel=cancel)
        return replace(outcome, remembered=remembered)

    def _edit(self, text: str, image_paths: Sequence[Path], previous: dict, *, mask: Path | None,
              thread_id: str | None, on_event: EventHandler | None,
              cancel: threading.Event | None) -> RunOutcome:
        """`edit` once any stated preference is remembered: `previous` is the thread's state."""
        follow_up = bool(previous) and not image_paths
        if follow_up and is_undo(text):
            return self._undo_outcome(thread_id, text, previous)
        plan_override = None
        if follow_up and previous.get("plan"):
            previous, plan_override = self._revision(text, thread_id, previous)
        if plan_override is None and asks_resize(text, self.planner):
            raise BadInput(cannot_resize(text, previous.get("plan") if follow_up else None))
        if image_paths or not previous:
            inputs, refs = self._ingest(image_paths)
        else:
            refs = [previous["current"], *previous["inputs"][1:]]
            inputs = [_input_info(ref) for ref in refs]
        mask_ref = self._ingest_mask(mask, refs[0]) if mask else None
        thread_id = thread_id or new_thread_id()
        initial: RunState = {"instruction": text, "turn": previous.get("turn", 0) + 1, "inputs": refs,
                             "mask": mask_ref, "results": []}
        return self._run(initial, thread_id, inputs, on_event, cancel, plan_override)

    def _revision(self, text: str, thread_id: str, previous: dict) -> tuple[dict, Plan | None]:
        """The thread's state to run from and the last plan as `text` revises it ("make it blue
        instead", "make it bigger"); the state unchanged and None when `text` revises nothing."""
        revision = revise(text, previous["plan"], previous.get("results", []))
        start = self.thread_store.turn_start(thread_id) if revision else None
        if start is None:
            return previous, None
        log.info("revising the last instruction of %s: %s", thread_id, revision.change)
        return self.thread_store.fork(thread_id, start), revision.plan

    def preview(self, image_paths: Sequence[Path], instruction: str) -> Report:
        """Validate the inputs and plan, without running anything: the report has no steps."""
        text = check_instruction(instruction, self.settings.limits)
        inputs, _ = self._ingest(image_paths)
        state: RunState = {"instruction": text, "plan": self.planner(text), "results": []}
        return build_report(state, inputs=inputs, output=None, seconds=0.0, backend=self.settings.backend,
                            thread_id="")

    def resume(self, thread_id: str, *, on_event: EventHandler | None = None,
               cancel: threading.Event | None = None) -> RunOutcome:
        """Carry on an interrupted run from its last checkpoint; finished steps are not redone."""
        values = self.thread_store.values(thread_id)
        if not values:
            raise BadInput(f"no run with thread id {thread_id!r} in {self.settings.checkpoint_db}")
        inputs = [_input_info(ref) for ref in values["inputs"]]
        return self._run(None, thread_id, inputs, on_event, cancel)

    def tell(self, text: str) -> Preference | None:
        """Remember a stated preference ("our brand blue is #1E6FFF"); None if `text` states none."""
        return self.memory.add_preference(check_instruction(text, self.settings.limits))

    def similar(self, text: str, k: int = 3) -> list[RecalledRequest]:
        """Past requests most like `text`, best first: suggestions while the user types."""
        return self.memory.similar(text, k) if text.strip() else []

    def history(self, thread_id: str) -> History:
        """The thread's steps as a tree: every branch made by undo or checkout, and its head."""
        return self.thread_store.history(thread_id)

    def pending(self, thread_id: str) -> bool:
        """True when the thread has an unfinished run that `resume` would carry on."""
        return self.thread_store.pending(thread_id)

    def threads(self, only: Collection[str] | None = None) -> list[ThreadSummary]:
        """Every thread, newest first, or only those of `only`: what the app lists when it is
        opened again (a browser's own threads)."""
        return self.thread_store.summaries(only)

    def checkout(self, thread_id: str, node_id: str) -> ImageRef:
        """Make a history node the head: the next instruction continues (branches) from it."""
        history = self.history(thread_id)
        if node_id not in {node.id for node in history.nodes}:
            raise BadInput(f"thread {thread_id!r} has no step {node_id!r}")
        self.thread_store.fork(thread_id, node_id)
        return history.node(node_id).image

    def undo(self, thread_id: str) -> ImageRef:
        """Go back to the picture before the head's last change; the undone steps stay as a branch."""
        target = self.history(thread_id).undo_target()
        if target is None:
            raise BadInput(f"nothing to undo in thread {thread_id!r}: it is at its first image")
        self.thread_store.fork(thread_id, target.id)
        return target.image

    def thread_images(self, thread_id: str) -> tuple[ImageRef, ImageRef]:
        """A thread's first input image and its latest working image, from the checkpoint."""
        values = self.thread_store.values(thread_id)
        if not values or not values.get("inputs"):
            raise BadInput(f"no run with thread id {thread_id!r} in {self.settings.checkpoint_db}")
        return values["inputs"][0], values.get("current") or values["inputs"][0]

    def _remember_preference(self, text: str, thread_id: str | None) -> RunOutcome:
        """An instruction that only states a preference: remembered, nothing run."""
        remembered = self.memory.add_preferences(text)
        report = Report(instruction=text, language=detect_language(text), inputs=[], plan=[],
                        steps=[], output=None, passed=True, seconds=0.0, backend=self.settings.backend,
                        thread_id=thread_id or "")
        return RunOutcome(thread_id=thread_id or "", report=report, output=None, remembered=remembered)

    def _undo_outcome(self, thread_id: str, text: str, previous: dict) -> RunOutcome:
        """ "undo that" as a follow-up: the picture before the last change, and a report saying so."""
        started = time.perf_counter()
        image = self.undo(thread_id)
        plan = previous.get("plan")
        report = Report(instruction=text, language=plan.language if plan else "en",
                        inputs=[_input_info(previous["current"])], plan=[], steps=[], output=image.path,
                        passed=True, seconds=round(time.perf_counter() - started, 3),
                        backend=self.settings.backend, thread_id=thread_id)
        return RunOutcome(thread_id=thread_id, report=report, output=image)

    def _ingest(self, image_paths: Sequence[Path]) -> tuple[list[InputInfo], list[ImageRef]]:
        limits = self.settings.limits
        if not image_paths:
            raise BadInput("no input image: give at least one image path")
        if len(image_paths) > limits.max_images:
            raise BadInput(f"{len(image_paths)} images given; vloop takes at most {limits.max_images}")
        loaded = [load_image(Path(p), limits) for p in image_paths]  # all validated before storing
        refs = [self.store.put(item.image) for item in loaded]
        infos = [InputInfo(path=str(item.path), sha256=item.sha256, width=ref.width,
                           height=ref.height) for item, ref in zip(loaded, refs, strict=True)]
        return infos, refs

    def _ingest_mask(self, path: Path, first: ImageRef) -> ImageRef:
        mask = load_image(Path(path), self.settings.limits).image
        if mask.size != (first.width, first.height):
            raise BadInput(f"mask must be {first.width}x{first.height} like the image, "
                           f"got {mask.width}x{mask.height}: {path}")
        white = np.asarray(mask.convert("L")) > 127
        if not white.any():
            raise BadInput(f"mask has no white pixels, so it marks no region: {path}")
        return self.store.put(Image.fromarray(white.astype(np.uint8) * 255))

    def _run(self, initial: RunState | None, thread_id: str, inputs: list[InputInfo],
             on_event: EventHandler | None, cancel: threading.Event | None = None,
             plan_override: Plan | None = None) -> RunOutcome:
        started = time.perf_counter()
        context = self._context()
        remembering = None
        if plan_override is not None:
            context.planner = lambda _instruction: plan_override
        elif self.settings.remember:
            context.planner = remembering = RememberingPlanner(context.planner, self.memory)
        with self.thread_store.graph() as graph:
            config = thread_config(thread_id)
            for update in graph.stream(initial, config, context=context,
                                       stream_mode="updates", durability="sync"):
                for event in events_from_update(update, graph.get_state(config).values):
                    if on_event:
                        on_event(event)
                if cancel is not None and cancel.is_set():
                    raise Cancelled(thread_id)
            state = graph.get_state(config).values
        output = final_image(state, self.tools)
        report = build_report(state, inputs=inputs, output=output.path if output else None,
                              seconds=time.perf_counter() - started, backend=self.model.name,
                              thread_id=thread_id)
        if self.settings.remember and state["plan"].steps:
            planned = remembering.planned[-1] if remembering and remembering.planned else state["instruction"]
            self.memory.remember_request(thread_id, planned, state["plan"],
                                         outcome_of([step.status for step in report.steps]))
        return RunOutcome(thread_id=thread_id, report=report, output=output)

    def _context(self) -> RunContext:
        return RunContext(store=self.store, model=self.model, tools=self.tools,
                          planner=self.planner, max_attempts=self.settings.max_attempts)

    @property
    def model(self) -> UnifiedModel:
        with self._loading:
            if self._model is None:
                from model_server.backends import load_backend

                self._model = load_backend(self.settings.backend, depth_model=self.settings.hf_depth_model)
        return self._model

    @property
    def memory(self) -> Memory:
        with self._loading:
            if self._memory is None:
                self._memory = open_memory(self.settings)
        return self._memory

    @property
    def tools(self) -> Mapping[str, Tool]:
        if self._tools is None:
            from tools import TOOLS

            self._tools = TOOLS
        return self._tools

    @property
    def planner(self) -> Callable[[str], Plan]:
        if self._planner is None:
            from agent.planner import plan

            self._planner = plan
        return self._planner


def new_thread_id() -> str:
    return uuid.uuid4().hex[:12]


def final_image(state: RunState, tools: Mapping[str, Tool]) -> ImageRef | None:
    """The run's output: the working image after every passed edit; for a request made only of
    perception steps (a map, OCR boxes), the last such step's picture."""
    results = state.get("results", [])
    edits = [r for r in results if r.op in tools and tools[r.op].kind == "edit"]
    if edits or not results:
        return state.get("current")
    shown = [r for r in results if r.image is not None]
    return shown[-1].image if shown else state.get("current")


def _input_info(ref: ImageRef) -> InputInfo:
    return InputInfo(path=ref.path, sha256=ref.sha256, width=ref.width, height=ref.height)
