"""Visual QA checks: spec parsing (zh/en prose, YAML), every assertion kind on rendered screens
with planted defects, evidence pictures and JUnit XML, with the real embedded backend."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from model_server.errors import BadInput
from tests.fixtures.screens import all_screens, logo, paste_logo
from tools.qa.assertions import AssertionResult
from tools.qa.evidence import FAIL_COLOR, PASS_COLOR, evidence_image
from tools.qa.junit import junit_xml
from tools.qa.logo import find_logo, in_corner
from tools.qa.perception import Perception
from tools.qa.run import ImageReport, check_image
from tools.qa.spec import parse_spec, split_sentences

SCREENS = all_screens()


def test_fixture_set_is_half_defective():
    assert len(SCREENS) >= 20
    assert sum(s.defect is not None for s in SCREENS) == len(SCREENS) // 2
    kinds = {s.defect for s in SCREENS if s.defect}
    assert {"button", "no_overflow", "background", "face_count", "text_contrast", "logo_corner",
            "text_margin"} <= kinds


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_planted_defect_fails_only_its_assertion(screen, embedded_model):
    results = check_image(screen.image, parse_spec(screen.spec), embedded_model, screen.refs)
    failed = {r.kind for r in results if not r.passed}
    expected = {screen.defect} if screen.defect else set()
    assert failed == expected, [(r.kind, r.detail) for r in results if not r.passed]


# Prose parsing ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("sentence", "fields"),
    [
        ("Contains the text 'Buy now'", {"kind": "contains_text", "value": "Buy now"}),
        ('shows "Sign up"', {"kind": "contains_text", "value": "Sign up"}),
        ("包含文字“立即购买”", {"kind": "contains_text", "value": "立即购买"}),
        ("Does not contain the text 'TODO'", {"kind": "lacks_text", "value": "TODO"}),
        ("doesn't show 'lorem ipsum'", {"kind": "lacks_text", "value": "lorem ipsum"}),
        ("不包含文字“测试”", {"kind": "lacks_text", "value": "测试"}),
        ("exactly one face", {"kind": "face_count", "count": 1, "compare": "exactly"}),
        ("at least 2 faces", {"kind": "face_count", "count": 2, "compare": "at_least"}),
        ("at most three faces", {"kind": "face_count", "count": 3, "compare": "at_most"}),
        ("no faces", {"kind": "face_count", "count": 0}),
        ("一张人脸", {"kind": "face_count", "count": 1, "compare": "exactly"}),
        ("两个人", {"kind": "face_count", "count": 2}),
        ("至少三张人脸", {"kind": "face_count", "count": 3, "compare": "at_least"}),
        ("The background is light blue", {"kind": "background", "color": "light blue"}),
        ("background colour should be #FFFFFF", {"kind": "background", "color": "#FFFFFF"}),
        ("背景是白色", {"kind": "background", "color": "白色"}),
        ("No text touches the border", {"kind": "text_margin"}),
        ("文字不贴边", {"kind": "text_margin"}),
        ("The logo (image 2) is in the top-right corner", {"kind": "logo_corner", "corner": "top-right",
                                                           "image": 2}),
        ("the logo (image 3) sits in the bottom left corner", {"kind": "logo_corner",
                                                               "corner": "bottom-left", "image": 3}),
        ("标志（图2）在左下角", {"kind": "logo_corner", "corner": "bottom-left"}),
        ("Text contrast is at least 4.5:1", {"kind": "text_contrast", "ratio": 4.5}),
        ("文字对比度至少3：1", {"kind": "text_contrast", "ratio": 3.0}),
        ("A red button with text 'Buy'", {"kind": "button", "color": "red", "value": "Buy"}),
        ("a blue 'OK' button", {"kind": "button", "color": "blue", "value": "OK"}),
        ("一个红色按钮，文字“购买”", {"kind": "button", "color": "红色", "value": "购买"}),
        ("有一个蓝色的“确定”按钮", {"kind": "button", "color": "蓝色", "value": "确定"}),
        ("Text does not overflow its container", {"kind": "no_overflow"}),
        ("文字不溢出", {"kind": "no_overflow"}),
    ],
)
def test_prose_sentence(sentence, fields):
    (assertion,) = parse_spec(sentence)
    assert assertion.text == sentence
    for key, value in fields.items():
        assert getattr(assertion, key) == value


def test_sentences_split_outside_quotes():
    spec = "Contains the text 'v1.2. beta'. Exactly one face\n背景是白色。文字不贴边；text doesn't overflow."
    assert split_sentences(spec) == ["Contains the text 'v1.2. beta'", "Exactly one face", "背景是白色",
                                     "文字不贴边", "text doesn't overflow"]
    assert [a.kind for a in parse_spec(spec)] == ["contains_text", "face_count", "background",
                                                  "text_margin", "no_overflow"]


def test_unknown_sentence_names_it_and_lists_kinds():
    with pytest.raises(BadInput) as err:
        parse_spec("Contains the text 'Buy'. The sky looks happy.")
    message = str(err.value)
    assert "'The sky looks happy'" in message and "\n" not in message
    for kind in ("contains_text", "face_count", "logo_corner", "no_overflow", "button"):
        assert kind in message


@pytest.mark.parametrize("spec", ["", "   \n", "背景是 plaid"])
def test_empty_or_unknown_colour_spec_is_bad_input(spec):
    with pytest.raises(BadInput):
        parse_spec(spec)


# YAML ----------------------------------------------------------------------------------------

YAML_SPEC = """
- assert: contains_text
  value: Sign up
- assert: face_count
  count: 2
  compare: at_least
- {assert: background, color: white}
- {assert: logo_corner, corner: top-left}
- {assert: text_contrast, ratio: 3}
- {assert: button, color: blue, text: 42}
- assert: no_overflow
"""


def test_yaml_spec():
    parsed = parse_spec(YAML_SPEC)
    assert [a.kind for a in parsed] == ["contains_text", "face_count", "background", "logo_corner",
                                        "text_contrast", "button", "no_overflow"]
    assert parsed[0].value == "Sign up" and parsed[1].count == 2 and parsed[1].compare == "at_least"
    assert parsed[4].ratio == 3.0 and parsed[5].value == "42" and parsed[5].color == "blue"


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("- assert: sparkles", "unknown assertion kind 'sparkles'"),
        ("- {assert: face_count}", "needs 'count'"),
        ("- {assert: face_count, count: many}", "not a valid face_count"),
        ("- {assert: background, color: plaid}", "unknown colour 'plaid'"),
        ("- {assert: background, colour: white}", "not a valid background"),
        ("- just a string", "must be a mapping"),
        ("- {assert: contains_text, value: [unclosed", "does not parse"),
    ],
)
def test_bad_yaml_items(spec, fragment):
    with pytest.raises(BadInput, match=fragment.replace("[", r"\[")):
        parse_spec(spec)


def test_yaml_file_must_be_a_list():
    with pytest.raises(BadInput, match="YAML spec must be a list"):
        parse_spec("Contains the text 'Buy'", yaml_only=True)


# Shared perception, logo matching, evidence, JUnit -----------------------------------------

class CountingModel:
    """The real embedded backend, counting the perception calls it gets."""

    def __init__(self, model):
        self.model, self.calls = model, {"ocr": 0, "detect_faces": 0}

    def ocr(self, image):
        self.calls["ocr"] += 1
        return self.model.ocr(image)

    def detect_faces(self, image):
        self.calls["detect_faces"] += 1
        return self.model.detect_faces(image)


def test_perception_runs_once_per_image(embedded_model):
    screen = next(s for s in SCREENS if s.name == "profile")
    model = CountingModel(embedded_model)
    spec = ("Exactly one face. At most 2 faces. Contains the text 'Collins'. No text touches the border. "
            "Text contrast is at least 4.5:1. Text does not overflow its container.")
    results = check_image(screen.image, parse_spec(spec), model)  # type: ignore[arg-type]
    assert all(r.passed for r in results)
    assert model.calls == {"ocr": 1, "detect_faces": 1}


@pytest.mark.parametrize("scale", [0.35, 0.6, 1.2])
def test_logo_found_at_any_scale(scale):
    page = Image.new("RGB", (800, 500), (240, 240, 240))
    paste_logo(page, "bottom-left", scale=scale)
    found = find_logo(page, logo())
    assert found.score > 0.9
    assert in_corner(found.box, page.size, "bottom-left")
    assert not in_corner(found.box, page.size, "top-right")


def test_logo_missing_reference_is_bad_input(embedded_model):
    screen = next(s for s in SCREENS if s.name == "brand")
    with pytest.raises(BadInput, match="image 2"):
        check_image(screen.image, parse_spec(screen.spec), embedded_model, [])


def _result(passed: bool) -> AssertionResult:
    from model_server.types import Box

    return AssertionResult(text="Contains the text 'Buy'", kind="contains_text", passed=passed,
                           detail="similarity 0.40", evidence={"similarity": 0.4},
                           boxes=[Box(x0=40, y0=40, x1=140, y1=90)])


@pytest.mark.parametrize(("passed", "color"), [(True, PASS_COLOR), (False, FAIL_COLOR)])
def test_evidence_image_outlines_in_green_or_red(passed, color):
    image = Image.new("RGB", (400, 300), (255, 255, 255))
    out = evidence_image(image, _result(passed))
    arr = np.asarray(out)
    assert out.width == 400 and out.height > 300
    bar = out.height - 300
    assert tuple(arr[2, -3]) == color  # the caption bar
    assert tuple(arr[bar + 40 - 2, 90]) == color  # the outline just above the box


def test_junit_shape():
    reports = [ImageReport(path="/x/a.png", width=10, height=10, results=[_result(True), _result(False)]),
               ImageReport(path="/x/b.png", width=10, height=10, results=[_result(True), _result(True)])]
    root = ET.fromstring(junit_xml(reports))
    assert root.tag == "testsuites" and root.get("tests") == "4" and root.get("failures") == "1"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a.png", "b.png"]
    for suite in suites:
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases)) == "2"
        assert all(c.get("name") and c.get("classname") for c in cases)
        assert suite.get("failures") == str(sum(c.find("failure") is not None for c in cases))
    failure = suites[0].findall("testcase")[1].find("failure")
    assert failure.get("message") == "similarity 0.40" and failure.get("type") == "contains_text"
    assert "similarity: 0.4" in failure.text


def test_perception_container_of_button(embedded_model):
    screen = next(s for s in SCREENS if s.name == "signup")
    p = Perception(screen.image, embedded_model)
    line = next(t for t in p.lines if "Sign" in t.text)
    c = p.container(line)
    assert not c.whole_image and c.margin > 5
    assert (c.box.x0, c.box.y0, c.box.x1, c.box.y1) == (60, 230, 301, 301)
    assert np.linalg.norm(np.subtract(c.color, (30, 90, 220))) < 10
