"""The perception maps with the real embedded model, on real photos and rendered text: edges,
segments, detections and depth line up with the image as a person would check them, and each
verifier rejects a planted broken result with the check that should catch it."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from PIL import Image, ImageDraw

from agent.runner import Runner
from agent.settings import Settings
from model_server.embedded import EmbeddedModel
from model_server.errors import Unsupported
from model_server.types import Box
from tests.conftest import pixels
from tests.fixtures.scripted import NothingModel
from tests.tools import render
from tools import color_regions, depth_map, detection_map, edge_map, legend, masks, segmentation_map
from tools.base import StepContext, StepFailed, StepOutput
from tools.drawing import load_font

FACE = Box(x0=177, y0=82, x1=273, y1=179)  # the astronaut's face, measured by hand
CAT_EYES_AND_NOSE = [(170, 115), (320, 135), (262, 240)]  # (x, y) on chelsea, measured by hand
LINES = {"Quarterly report": (40, 40), "限时特价 五折优惠": (40, 170), "Buy now 50% OFF": (300, 300)}


@pytest.fixture(scope="module")
def coffee() -> Image.Image:
    return render.photo("coffee")


@pytest.fixture(scope="module")
def document() -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    """Three lines on paper, with the ink box of each as drawn."""
    image = Image.new("RGB", (720, 420), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    ink = {}
    for text, (x, y) in LINES.items():
        draw.text((x, y), text, fill=(25, 30, 40), font=load_font(44))
        ink[text] = draw.textbbox((x, y), text, font=load_font(44))
    return image, ink


def _run(module, image: Image.Image, model, **args):
    inp = module.Input(**args)
    ctx = StepContext(image=image, model=model)
    return inp, ctx, module.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _with(result, image: Image.Image | None = None, **data):
    """The result with its picture and/or data fields replaced: a planted broken result."""
    return StepOutput(image=image if image is not None else result.image,
                      data=result.data.model_copy(update=data))


def _grey_gradient(image: Image.Image) -> np.ndarray:
    grey = np.asarray(image.convert("L"), np.float32)
    gy, gx = np.gradient(grey)
    return np.hypot(gx, gy)


# edge_map


def test_edge_map_lines_up_with_the_astronaut(embedded_model, astronaut):
    inp, ctx, result = _run(edge_map, astronaut, embedded_model)

    picture = pixels(result.image)
    assert result.image.size == astronaut.size
    assert set(np.unique(picture)) <= {0, 255}  # white on black, nothing else
    drawn = picture.min(axis=2) == 255
    assert (drawn == (embedded_model.edges(astronaut) > 0)).all()
    # The edges sit where the image changes: the gradient there is far above the image's mean.
    gradient = _grey_gradient(astronaut)
    assert gradient[drawn].mean() > 3 * gradient.mean()
    assert 0.02 < result.data.density < 0.2 and result.data.edge_pixels == drawn.sum()
    assert result.data.thresholds is None and result.data.region == "whole image"
    assert (pixels(astronaut) == pixels(render.photo("astronaut"))).all()  # the input is as it was
    verdict = edge_map.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_edge_overlay_keeps_the_dimmed_image_and_only_the_faces_edges(embedded_model, astronaut):
    inp, ctx, result = _run(edge_map, astronaut, embedded_model, target="face", style="overlay")

    picture = pixels(result.image)
    drawn = (picture == edge_map.EDGE_COLOR).all(axis=2)
    assert drawn.any()
    ys, xs = np.nonzero(drawn)
    # All of them on the face, with its outline: inside the hand-measured box, a little grown.
    assert FACE.x0 - 12 <= xs.min() and xs.max() < FACE.x1 + 12
    assert FACE.y0 - 30 <= ys.min() and ys.max() < FACE.y1 + 30
    dimmed = np.rint(pixels(astronaut) * edge_map.DIM)
    assert (np.abs(picture[~drawn] - dimmed[~drawn]) <= 1).all()
    assert edge_map.verify(inp, ctx, result).passed


def test_edge_thresholds_asked_for_are_used_and_reported(embedded_model, chelsea):
    _, _, loose = _run(edge_map, chelsea, embedded_model, low=20, high=60)
    inp, ctx, strict = _run(edge_map, chelsea, embedded_model, low=120, high=250)

    assert loose.data.thresholds == (20, 60) and strict.data.thresholds == (120, 250)
    assert loose.data.density > 2 * strict.data.density
    assert edge_map.verify(inp, ctx, strict).passed
    with pytest.raises(ValueError, match="low threshold must be below"):
        edge_map.Input(low=200, high=100)


def test_edges_of_a_named_object(embedded_model, chelsea, astronaut):
    inp, ctx, result = _run(edge_map, chelsea, embedded_model, target="cat")
    assert result.data.region == "cat" and result.data.region_share < 0.6
    assert edge_map.verify(inp, ctx, result).passed
    with pytest.raises(StepFailed, match="could not find a cat"):
        _run(edge_map, astronaut, embedded_model, target="cat")


def test_edge_map_of_a_flat_image_fails_honestly(embedded_model):
    with pytest.raises(StepFailed, match="no edges"):
        _run(edge_map, render.flat((256, 256), (120, 160, 200)), embedded_model)


def test_edge_verify_rejects_a_blank_map(embedded_model, astronaut):
    inp, ctx, result = _run(edge_map, astronaut, embedded_model)
    blank = Image.new("RGB", astronaut.size)
    verdict = edge_map.verify(inp, ctx, _with(result, blank))
    assert _failed(verdict) == {"edges_line_up", "density_plausible", "data_matches_picture"}


def test_edge_verify_rejects_a_shifted_map(embedded_model, astronaut):
    inp, ctx, result = _run(edge_map, astronaut, embedded_model)
    shifted = Image.fromarray(np.roll(np.asarray(result.image), 6, axis=1))
    verdict = edge_map.verify(inp, ctx, _with(result, shifted))
    assert _failed(verdict) == {"edges_line_up"}


def test_edge_verify_rejects_a_wrong_density(embedded_model, astronaut):
    inp, ctx, result = _run(edge_map, astronaut, embedded_model)
    verdict = edge_map.verify(inp, ctx, _with(result, density=0.5))
    assert _failed(verdict) == {"data_matches_picture"}


# segmentation_map


def _segment(result, kind: str) -> tuple[int, segmentation_map.Segment]:
    return next((i, s) for i, s in enumerate(result.data.segments, 1) if s.kind == kind)


def _shown(result, image: Image.Image) -> np.ndarray:
    looks = [(s.color, s.opacity) for s in result.data.segments]
    return segmentation_map.decode(result.image.convert("RGB"), image, looks)


def test_segmentation_of_the_astronaut_lines_up_with_her(embedded_model, astronaut):
    inp, ctx, result = _run(segmentation_map, astronaut, embedded_model)

    picture = result.image
    assert picture.width > astronaut.width and picture.height >= astronaut.height  # legend beside
    kinds = [s.kind for s in result.data.segments]
    assert {"person", "face"} <= set(kinds) and "area" in kinds
    assert abs(sum(s.share for s in result.data.segments) - 1.0) < 0.01  # every pixel in a segment
    shown = _shown(result, astronaut)
    person_i, person = _segment(result, "person")
    face_i, face = _segment(result, "face")
    # The person in the map (her face drawn over it) is the person mask found afresh.
    fresh = masks.clean(masks.binary(embedded_model.person_mask(astronaut)))
    assert masks.iou((shown == person_i) | (shown == face_i), fresh) >= 0.9
    # The face segment is on her face: its centre is, and it stays near the measured box.
    cx, cy = map(int, FACE.center)
    assert shown[cy, cx] == face_i
    assert face.box.iou(FACE) >= 0.6
    assert person.color == legend.KIND_COLORS["person"] and "人物" in person.label
    verdict = segmentation_map.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_segmentation_of_the_cat_finds_no_person_but_the_main_object(embedded_model, chelsea):
    inp, ctx, result = _run(segmentation_map, chelsea, embedded_model)

    kinds = {s.kind for s in result.data.segments}
    assert "person" not in kinds and "face" not in kinds  # the person model's cat is not a person
    shown = _shown(result, chelsea)
    object_i, _ = _segment(result, "object")
    assert all(shown[y, x] == object_i for x, y in CAT_EYES_AND_NOSE)
    assert segmentation_map.verify(inp, ctx, result).passed


def test_text_segments_cover_the_rendered_ink(embedded_model, document):
    image, ink_boxes = document
    inp, ctx, result = _run(segmentation_map, image, embedded_model, target="text")

    assert [s.label for s in result.data.segments] == ["text 文字"]
    text = _shown(result, image) == 1
    ink = pixels(image).max(axis=2) < 120  # dark ink on light paper
    assert text[ink].mean() >= 0.95
    for box in ink_boxes.values():  # every line has its ink segmented
        x0, y0, x1, y1 = box
        assert text[y0:y1, x0:x1].any()
    assert text[~masks.box_mask(text.shape, [Box(x0=b[0], y0=b[1], x1=b[2], y1=b[3])
                                                for b in ink_boxes.values()], grow=6)].sum() == 0
    assert segmentation_map.verify(inp, ctx, result).passed


def test_colour_areas_cover_the_coffee_photo_and_are_named_by_colour(embedded_model, coffee):
    inp, ctx, result = _run(segmentation_map, coffee, embedded_model, target="colors", colors=4)

    segments = result.data.segments
    assert 2 <= len(segments) <= 4 and all(s.kind == "area" for s in segments)
    assert abs(sum(s.share for s in segments) - 1.0) < 0.01
    names = [s.label.split(" area")[0] for s in segments]
    assert len(set(names)) == len(names)  # areas of one colour name are one segment
    for seg in segments:  # a swatch shows the area's own colour, so its name fits it
        assert color_regions.color_name(seg.color)[0] in seg.label
    assert segmentation_map.verify(inp, ctx, result).passed


def test_segmenting_people_as_the_planner_asks(embedded_model, astronaut, chelsea):
    inp, ctx, result = _run(segmentation_map, astronaut, embedded_model, target="people")

    [person] = result.data.segments
    assert person.label == "person 人物" and 0.4 < person.share < 0.7
    assert (_shown(result, astronaut) == 0).mean() > 0.3  # the rest is left as it was
    assert segmentation_map.verify(inp, ctx, result).passed
    with pytest.raises(StepFailed, match="no person"):  # the cat is not a person
        _run(segmentation_map, chelsea, embedded_model, target="people")


def test_segmentation_of_something_absent_or_of_a_flat_image_fails(embedded_model, astronaut):
    with pytest.raises(StepFailed, match="cat"):
        _run(segmentation_map, astronaut, embedded_model, target="cat")
    with pytest.raises(StepFailed, match="one colour area"):
        _run(segmentation_map, render.flat((200, 120), (40, 90, 200)), embedded_model, target="colors")


def test_segmentation_verify_rejects_a_blank_map(embedded_model, astronaut):
    inp, ctx, result = _run(segmentation_map, astronaut, embedded_model)
    entries = [(s.caption, s.color) for s in result.data.segments]
    blank, _ = legend.with_legend(astronaut, entries)  # the legend, over an untouched image
    verdict = segmentation_map.verify(inp, ctx, _with(result, blank))
    assert {"map_colors_in_legend", "segments_match_data", "segments_recomputed"} <= _failed(verdict)
    assert not {"legend_swatches", "legend_reads"} & _failed(verdict)


def test_segmentation_verify_rejects_a_shifted_map(embedded_model, astronaut):
    inp, ctx, result = _run(segmentation_map, astronaut, embedded_model)
    arr = np.asarray(result.image).copy()
    w, h = astronaut.size
    arr[:h, :w] = np.roll(arr[:h, :w], 12, axis=1)
    verdict = segmentation_map.verify(inp, ctx, _with(result, Image.fromarray(arr)))
    assert "map_colors_in_legend" in _failed(verdict)


def test_segmentation_verify_rejects_a_mislabelled_segment(embedded_model, astronaut):
    inp, ctx, result = _run(segmentation_map, astronaut, embedded_model)
    segments = [s.model_copy() for s in result.data.segments]
    i, face = _segment(result, "face")
    segments[i - 1] = face.model_copy(update={"label": "cat 猫", "caption": "cat 猫 3%"})
    verdict = segmentation_map.verify(inp, ctx, _with(result, segments=segments))
    assert _failed(verdict) == {"segments_recomputed", "legend_reads"}


# detection_map


def _detections(result, kind: str) -> list[detection_map.Detected]:
    return [d for d in result.data.detections if d.kind == kind]


def test_detection_boxes_the_astronauts_face_with_a_readable_label(embedded_model, astronaut):
    inp, ctx, result = _run(detection_map, astronaut, embedded_model, target="faces")

    [face] = result.data.detections
    assert face.kind == "face" and face.box.iou(FACE) >= 0.8
    assert face.caption == f"face {face.score:.2f}" and face.score > 0.5
    # The outline is drawn in the face colour just outside the box; the face inside is untouched.
    out, w = pixels(result.image), result.data.line_width
    top = out[face.box.y0 - w : face.box.y0, face.box.x0 : face.box.x1]
    assert (np.abs(top - legend.KIND_COLORS["face"]).max(axis=2) <= 2).mean() > 0.9
    inside = (slice(face.box.y0, face.box.y1), slice(face.box.x0, face.box.x1))
    assert (out[inside] == pixels(astronaut)[inside]).all()
    verdict = detection_map.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_detection_of_everything_on_the_astronaut(embedded_model, astronaut):
    inp, ctx, result = _run(detection_map, astronaut, embedded_model)

    kinds = [d.kind for d in result.data.detections]
    assert kinds.count("person") == 1 and kinds.count("face") == 1
    [person] = _detections(result, "person")
    assert person.box.x0 <= FACE.x0 and person.box.y0 <= FACE.y0 and person.box.x1 >= FACE.x1
    assert "object" not in kinds  # she is the main object, and ImageNet has no person class
    assert detection_map.verify(inp, ctx, result).passed


def test_detection_labels_the_cat_not_a_person(embedded_model, chelsea):
    inp, ctx, result = _run(detection_map, chelsea, embedded_model)

    assert not _detections(result, "person")  # the person model marks the cat; no face confirms it
    [cat] = _detections(result, "object")
    assert any(w in cat.label.lower() for w in ("cat", "tabby", "lynx"))
    assert all(cat.box.x0 <= x < cat.box.x1 and cat.box.y0 <= y < cat.box.y1 for x, y in CAT_EYES_AND_NOSE)
    assert detection_map.verify(inp, ctx, result).passed


class CountingModel:
    """The real embedded model, counting the calls to each of its methods."""

    def __init__(self, model: EmbeddedModel) -> None:
        self.name, self._model, self.calls = model.name, model, Counter()

    def __getattr__(self, method: str):
        def counted(*args, **kwargs):
            self.calls[method] += 1
            return getattr(self._model, method)(*args, **kwargs)

        return counted


def test_detection_and_segmentation_of_one_photo_share_one_perception(embedded_model, chelsea):
    """Run and verify of both maps on the same cat photo: the model perceives each thing once,
    and the detection's object box is exactly the box of the segmentation's main object."""
    model = CountingModel(embedded_model)
    photo = chelsea.copy()  # a new image: nothing remembered from the other tests
    photo.putpixel((0, 0), (1, 2, 3))
    inp, ctx, detected = _run(detection_map, photo, model)
    assert detection_map.verify(inp, ctx, detected).passed
    inp, ctx, segmented = _run(segmentation_map, photo, model)
    assert segmentation_map.verify(inp, ctx, segmented).passed

    assert model.calls["salient_mask"] == 1 and model.calls["detect_faces"] == 1
    [cat] = _detections(detected, "object")
    _, main_object = _segment(segmented, "object")
    assert cat.box == main_object.box


def test_detection_of_a_named_object_that_is_not_there_fails(embedded_model, coffee):
    with pytest.raises(StepFailed, match="espresso"):
        _run(detection_map, coffee, embedded_model, target="cat")


def test_text_detections_cover_the_rendered_lines(embedded_model, document):
    image, ink_boxes = document
    inp, ctx, result = _run(detection_map, image, embedded_model, target="text")

    lines = _detections(result, "text")
    assert sorted(d.label.replace(" ", "") for d in lines) == sorted(t.replace(" ", "") for t in LINES)
    for d in lines:
        x0, y0, x1, y1 = ink_boxes[next(t for t in LINES if t.replace(" ", "") == d.label.replace(" ", ""))]
        ink = Box(x0=x0, y0=y0, x1=x1, y1=y1)
        covered = max(0, min(ink.x1, d.box.x1) - max(ink.x0, d.box.x0)) * \
            max(0, min(ink.y1, d.box.y1) - max(ink.y0, d.box.y0))
        assert covered / ink.area >= 0.9
    verdict = detection_map.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_detection_verify_rejects_wrong_boxes(embedded_model, astronaut):
    inp, ctx, result = _run(detection_map, astronaut, embedded_model, target="faces")
    [face] = result.data.detections
    moved = face.model_copy(update={"box": Box(x0=330, y0=300, x1=426, y1=397)})
    verdict = detection_map.verify(inp, ctx, _with(result, detections=[moved]))
    assert {"boxes_refound", "outlines_drawn", "elsewhere_unchanged"} <= _failed(verdict)


def test_detection_verify_rejects_a_picture_without_boxes(embedded_model, astronaut):
    inp, ctx, result = _run(detection_map, astronaut, embedded_model, target="faces")
    verdict = detection_map.verify(inp, ctx, _with(result, astronaut.copy()))
    assert _failed(verdict) == {"outlines_drawn", "labels_read"}


def test_detection_verify_rejects_a_wrong_label_and_a_change_elsewhere(embedded_model, astronaut):
    inp, ctx, result = _run(detection_map, astronaut, embedded_model, target="faces")
    [face] = result.data.detections
    relabelled = face.model_copy(update={"caption": "dog 0.97"})
    verdict = detection_map.verify(inp, ctx, _with(result, detections=[relabelled]))
    assert _failed(verdict) == {"labels_read"}

    scribbled = result.image.copy()
    ImageDraw.Draw(scribbled).line((20, 450, 200, 500), fill=(0, 255, 0), width=6)
    verdict = detection_map.verify(inp, ctx, _with(result, scribbled))
    assert _failed(verdict) == {"elsewhere_unchanged"}


# depth_map


class RampDepthModel(EmbeddedModel):
    """The embedded backend with a depth that rises from the top row to the bottom one (a floor
    seen from above), computed for each image's size. The one stand-in in this file: the
    embedded backend has no depth model, and the hf backend's would need downloaded weights;
    this tests the colour mapping and its verifier, not depth estimation."""

    name = "ramp-depth"

    def depth(self, image: Image.Image) -> np.ndarray:
        rows = np.linspace(2.0, 10.0, image.height, dtype=np.float32)
        return np.repeat(rows[:, None], image.width, axis=1)


@pytest.fixture(scope="module")
def ramp_model() -> RampDepthModel:
    return RampDepthModel()


def test_depth_map_is_unsupported_on_the_embedded_backend(embedded_model, astronaut):
    ctx = StepContext(image=astronaut, model=embedded_model)
    with pytest.raises(Unsupported, match="'hf' backend"):
        depth_map.run(depth_map.Input(), ctx)


def test_the_loop_reports_depth_unsupported_with_the_reason(tmp_path, embedded_model, astronaut):
    source = tmp_path / "astronaut.png"
    astronaut.save(source)
    runner = Runner(Settings(home=tmp_path / "home"), model=embedded_model,
                    tools={"depth_map": depth_map.TOOL})
    report = runner.edit([source], "predict the depth map").report

    [step] = report.steps
    assert step.op == "depth_map" and step.status == "unsupported"
    assert "hf" in step.reason and not report.passed


def test_depth_is_drawn_with_the_colour_map_nearer_brighter(ramp_model, astronaut):
    inp, ctx, result = _run(depth_map, astronaut, ramp_model, colormap="inferno")

    assert result.image.size == astronaut.size
    colours = depth_map.lut("inferno").astype(np.int16)
    out = pixels(result.image)
    assert (out[0] == colours[0]).all() and (out[-1] == colours[255]).all()  # far top, near bottom
    brightness = out.mean(axis=(1, 2))
    assert (np.diff(brightness) >= 0).all()  # brighter row by row towards the near end
    assert (result.data.minimum, result.data.maximum) == (2.0, 10.0)
    verdict = depth_map.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_depth_reports_how_near_the_target_is(ramp_model, astronaut):
    _, _, result = _run(depth_map, astronaut, ramp_model, target="face")
    # Her face is in the upper half; the ramp's depth there is under the middle.
    assert result.data.region == "face" and result.data.region_median < 0.5


def test_depth_of_the_wrong_size_or_flat_is_refused(astronaut):
    with pytest.raises(StepFailed, match="256x256"):
        depth_map.checked_depth(np.ones((256, 256), np.float32), astronaut)
    with pytest.raises(StepFailed, match="flat"):
        depth_map.checked_depth(np.full((512, 512), 3.0, np.float32), astronaut)


def test_depth_verify_rejects_a_flat_map(ramp_model, astronaut):
    inp, ctx, result = _run(depth_map, astronaut, ramp_model)
    flat = Image.new("RGB", astronaut.size, tuple(int(c) for c in depth_map.lut("inferno")[128]))
    verdict = depth_map.verify(inp, ctx, _with(result, flat))
    assert _failed(verdict) == {"sensible_range", "depth_recomputed"}


def test_depth_verify_rejects_an_upside_down_map(ramp_model, astronaut):
    inp, ctx, result = _run(depth_map, astronaut, ramp_model)
    flipped = result.image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    verdict = depth_map.verify(inp, ctx, _with(result, flipped))
    assert _failed(verdict) == {"depth_recomputed"}


def test_depth_verify_rejects_a_picture_that_is_not_a_depth_map(ramp_model, astronaut):
    inp, ctx, result = _run(depth_map, astronaut, ramp_model)
    verdict = depth_map.verify(inp, ctx, _with(result, astronaut.copy()))
    assert "colors_on_map" in _failed(verdict)
    small = result.image.resize((256, 256))
    assert _failed(depth_map.verify(inp, ctx, _with(result, small))) == {"same_size"}


# Through the loop: the planner's args, the data's JSON round trip, the report


def test_the_loop_runs_and_verifies_the_maps_from_a_chinese_instruction(tmp_path, embedded_model, astronaut):
    source = tmp_path / "astronaut.png"
    astronaut.save(source)
    tools = {t.name: t for t in (edge_map.TOOL, segmentation_map.TOOL, detection_map.TOOL)}
    runner = Runner(Settings(home=tmp_path / "home"), model=embedded_model, tools=tools)
    report = runner.edit([source], "画出边缘，把人物分割出来，再检测人脸").report

    assert [s.op for s in report.steps] == ["edge_map", "segmentation_map", "detection_map"]
    assert all(s.status == "passed" for s in report.steps), [s.verification for s in report.steps]
    assert report.steps[1].data["segments"][0]["label"] == "person 人物"
    assert report.steps[2].data["detections"][0]["kind"] == "face"
    # Perception leaves the working image as it was: each step looked at the photo, not at the
    # map before it. The last picture (the run's output) is the photo with the face boxed.
    with Image.open(report.output) as out:
        changed = (pixels(out) != pixels(astronaut)).any(axis=2)
    assert out.size == astronaut.size and 0 < changed.mean() < 0.05
    ys, xs = np.nonzero(changed)
    assert FACE.x0 - 20 <= xs.min() and ys.max() < FACE.y1 + 20


# Backends that cannot perceive: the scripted model that can do nothing (control flow only)


def test_detection_on_a_backend_that_perceives_nothing_is_unsupported(astronaut):
    with pytest.raises(Unsupported, match="face: the scripted model has no detect_faces"):
        _run(detection_map, astronaut, NothingModel())


def test_segmentation_without_perception_still_splits_colours_and_says_what_it_left_out(astronaut):
    inp, ctx, result = _run(segmentation_map, astronaut, NothingModel())

    assert {s.kind for s in result.data.segments} == {"area"}
    assert [reason.split(":")[0] for reason in result.data.left_out] == ["subject", "face", "text"]
    with pytest.raises(Unsupported):
        segmentation_map.run(segmentation_map.Input(target="person"), ctx)
