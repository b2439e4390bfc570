"""App fixtures: the Gradio app served in this process on a free loopback port with its own
VLOOP_HOME, Debian's Chromium driven headless by Playwright (every request that leaves this
machine is refused and fails the test), and a gate tool that holds a run mid-step so that a test
can cancel it at a known point."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageOps
from pydantic import BaseModel

from agent.runner import Runner
from agent.settings import Settings
from agent.state import Step
from evals.app_bench import free_port, launch_chromium
from tests.fixtures.scripted import INVERT, NothingModel, scripted_planner
from tools.base import Check, StepContext, StepOutput, Tool, Verdict

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "app"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SHA = re.compile(r"([0-9a-f]{64})\.png$")
WAIT_MS = 180_000  # a run on the real embedded backend, on a shared 2-core machine


@contextmanager
def served(runner: Runner) -> Iterator[str]:
    """Serve the app for `runner` on a free loopback port; yields its URL."""
    from ui.app import serve

    port = free_port()
    app = serve(runner, port=port, block=False)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


@pytest.fixture
def app_runner(tmp_path, embedded_model) -> Runner:
    """The real runner (planner, tools, embedded backend) with a fresh home."""
    return Runner(Settings(home=tmp_path / "home"), model=embedded_model)


@pytest.fixture
def app_url(app_runner) -> Iterator[str]:
    with served(app_runner) as url:
        yield url


def _fontconfig(folder: Path) -> Path:
    """A fontconfig file adding the Noto CJK font vloop ships, so screenshots show 中文."""
    import noto_cjk_sans_otc

    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<dir>{Path(noto_cjk_sans_otc.__file__).parent}</dir><cachedir>{folder / "cache"}</cachedir></fontconfig>
""")
    return conf


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(tmp_path_factory.mktemp("fonts")))}
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright, env=env)
        yield chromium
        chromium.close()


@dataclass
class Offline:
    """Refuses every browser request that would leave this machine, and remembers it."""

    refused: list[str] = field(default_factory=list)

    def __call__(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()


@pytest.fixture
def new_page(browser) -> Iterator[Callable]:
    """Open a page in a new browser context (its own session and localStorage)."""
    contexts, guards = [], []

    def open_page(url: str):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        guard = Offline()
        guards.append(guard)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.route("**/*", guard)
        page.goto(url)
        page.locator("#chat-input textarea").wait_for(state="visible")
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not [url for guard in guards for url in guard.refused], "the page tried to reach the network"


def shot(page, name: str) -> Path:
    """Save a full-page screenshot to tests/artifacts/app/NAME.png; the page shows no error."""
    errors = page.locator(".toast-body.error").all_inner_texts()
    assert not errors, errors
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def send(page, text: str, images: list[Path] = ()) -> None:
    """Type an instruction (attaching images) into the chat input and submit it."""
    if images:
        page.locator("#chat-input input[type=file]").set_input_files([str(p) for p in images])
        page.locator("#chat-input img, #chat-input .thumbnail-item").first.wait_for()
    box = page.locator("#chat-input textarea")
    box.fill(text)
    box.press("Enter")


def shown_shas(page, selector: str) -> list[str]:
    """The store ids (sha256) of the pictures shown in `selector`, from their file names."""
    sources = page.locator(f"{selector} img").evaluate_all("els => els.map(e => e.src)")
    return [match.group(1) for src in sources if (match := SHA.search(src))]


class Gate:
    """A step that waits until the test opens the gate: a run held at a known point."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()
        self.tool = Tool(name="gate", kind="edit", summary="Mirror the image once let through.",
                         input_model=GateInput, output_model=GateInput, run=self._run, verify=_mirrored)

    def _run(self, inp: GateInput, ctx: StepContext) -> StepOutput[GateInput]:
        self.entered.set()
        if not self.opened.wait(timeout=WAIT_MS / 1000):
            raise TimeoutError("the test never opened the gate")
        return StepOutput(image=ImageOps.mirror(ctx.image), data=inp)


class GateInput(BaseModel):
    pass


def _mirrored(inp: GateInput, ctx: StepContext, result: StepOutput[GateInput]) -> Verdict:
    same = list(result.image.getdata()) == list(ImageOps.mirror(ctx.image).getdata())
    return Verdict.from_checks([Check(name="mirrored", passed=same, detail=f"mirror image: {same}")])


@dataclass
class GatedRun:
    runner: Runner
    gate: Gate
    log: Path  # one line per run of an invert step

    def runs(self) -> int:
        return self.log.read_text().count("run") if self.log.exists() else 0


@pytest.fixture
def gated(tmp_path) -> GatedRun:
    """A runner whose plan is invert → gate → invert, with scripted tools (control flow only)."""
    log = tmp_path / "invert.log"
    gate = Gate()
    plan = scripted_planner(Step(id="s1", op="invert", args={"log": str(log)}),
                            Step(id="s2", op="gate"),
                            Step(id="s3", op="invert", args={"log": str(log)}))
    runner = Runner(Settings(home=tmp_path / "home"), model=NothingModel(),
                    tools={"invert": INVERT, "gate": gate.tool}, planner=plan)
    return GatedRun(runner=runner, gate=gate, log=log)


def small_photo(folder: Path, image: Image.Image, name: str) -> Path:
    path = folder / f"{name}.png"
    image.save(path)
    return path
