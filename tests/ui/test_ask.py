"""`vloop ask` on real files with the embedded backend: text and JSON output, exit codes, bad
input, and questions about the latest image of an earlier run's thread."""

from __future__ import annotations

import argparse
import json

import pytest

from agent.runner import Runner
from agent.settings import Settings
from tests.tools import render
from ui.ask import add_ask_parser, run_ask


def vloop_ask(tmp_path, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="vloop")
    add_ask_parser(parser.add_subparsers(dest="command", required=True))
    return run_ask(parser.parse_args(["ask", *argv]), Settings(home=tmp_path / "home"))


@pytest.fixture
def banner_path(tmp_path):
    image = render.flat((640, 240), render.LIGHT)
    render.write(image, "SALE", (320, 120), 64, render.DARK)
    path = tmp_path / "banner.png"
    image.save(path)
    return path


def test_prints_the_answer_and_its_evidence(tmp_path, banner_path, capsys):
    code = vloop_ask(tmp_path, str(banner_path), "What does the banner say?")
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == 'The text reads: "SALE".'
    assert "evidence:\n  - text 'SALE' at (" in out


def test_json_output_in_the_question_language(tmp_path, banner_path, capsys):
    code = vloop_ask(tmp_path, str(banner_path), "“SALE”在哪里？", "--json")
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["known"] and data["verified"] and data["kind"] == "where_text"
    assert data["answer"].startswith('文字"SALE"在图片的中间')
    assert data["evidence"][0].startswith("text 'SALE' at (")


def test_unknowable_question_exits_1(tmp_path, banner_path, capsys):
    code = vloop_ask(tmp_path, str(banner_path), "What brand is the car?", "--json")
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert not data["known"] and data["answer"].startswith("Unknown: vloop's models do not recognise")


@pytest.mark.parametrize(("argv", "message"), [
    (["missing.png", "How many faces?"], "input image not found"),
    (["{banner}", "   "], "the instruction is empty"),
    (["How many faces?"], "no input image"),
    (["How many faces?", "--thread", "nope"], "no run with thread id 'nope'"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, banner_path, capsys, argv, message):
    argv = [a.format(banner=banner_path) for a in argv]
    code = vloop_ask(tmp_path, *argv)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("vloop: error: ") and message in err and err.count("\n") == 1


def test_thread_questions_use_the_runs_latest_image(tmp_path, banner_path, capsys, embedded_model):
    runner = Runner(Settings(home=tmp_path / "home"), model=embedded_model)
    outcome = runner.edit([banner_path], "change 'SALE' to 'OPEN'", thread_id="t1")
    assert outcome.report.passed
    capsys.readouterr()

    assert vloop_ask(tmp_path, "what does the banner say now?", "--thread", "t1") == 0
    assert capsys.readouterr().out.splitlines()[0] == 'The text reads: "OPEN".'
    assert vloop_ask(tmp_path, "刚才那张图里写的是什么？", "--thread", "t1") == 0
    assert capsys.readouterr().out.splitlines()[0] == '图中文字是："OPEN"。'
    assert vloop_ask(tmp_path, "刚才那张图里有几个人？", "--thread", "t1") == 0
    assert capsys.readouterr().out.splitlines()[0] == "图中有 0 个人。"
    assert vloop_ask(tmp_path, "What changed?", "--thread", "t1", "--json") == 0
    assert json.loads(capsys.readouterr().out)["answer"].startswith(
        'The text at the centre changed from "SALE" to "OPEN"')
