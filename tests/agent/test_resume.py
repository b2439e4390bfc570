"""Crash and resume: a run killed during its second step is resumed from the SQLite checkpoint
by thread id, and its first step is not run again."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from agent.runner import Runner
from agent.settings import Settings
from agent.state import Step
from tests.fixtures.scripted import INVERT, NothingModel, scripted_planner, write_png

ROOT = Path(__file__).resolve().parents[2]


def steps(tmp_path: Path) -> tuple[Step, Step]:
    return (
        Step(id="s1", op="invert", args={"log": str(tmp_path / "s1.log")}),
        Step(id="s2", op="invert", args={"log": str(tmp_path / "s2.log"),
                                         "crash_if": str(tmp_path / "crash")}),
    )


def runner(tmp_path: Path) -> Runner:
    return Runner(Settings(home=tmp_path / "home"), model=NothingModel(),
                  tools={"invert": INVERT}, planner=scripted_planner(*steps(tmp_path)))


CHILD = """
import sys
from pathlib import Path
from tests.agent.test_resume import runner
tmp = Path(sys.argv[1])
runner(tmp).edit([tmp / "in.png"], "invert twice", thread_id="crashy")
"""


def test_killed_run_resumes_without_redoing_finished_steps(tmp_path):
    write_png(tmp_path / "in.png")
    (tmp_path / "crash").touch()
    child = subprocess.run([sys.executable, "-c", textwrap.dedent(CHILD), str(tmp_path)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert (tmp_path / "s1.log").read_text().count("run") == 1
    assert (tmp_path / "s2.log").read_text().count("run") == 1  # started, then killed

    (tmp_path / "crash").unlink()
    outcome = runner(tmp_path).resume("crashy")

    assert [s.status for s in outcome.report.steps] == ["passed", "passed"]
    assert (tmp_path / "s1.log").read_text().count("run") == 1  # not redone
    assert (tmp_path / "s2.log").read_text().count("run") == 2
    assert outcome.report.thread_id == "crashy"


def test_resuming_an_unknown_thread_is_bad_input(tmp_path):
    import pytest

    from model_server.errors import BadInput

    with pytest.raises(BadInput, match="no run with thread id"):
        runner(tmp_path).resume("nope")
