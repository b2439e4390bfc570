"""The embedded backend finds faces where a person would draw the box."""

from __future__ import annotations

import pytest
from PIL import Image

from model_server.types import Box
from tests.model_server.samples import ASTRONAUT_FACE, ASTRONAUT_HEAD


def test_finds_the_astronauts_face(embedded_model, astronaut):
    faces = embedded_model.detect_faces(astronaut)
    assert len(faces) == 1
    face = faces[0]
    assert face.label == "face" and face.score > 0.8
    assert face.box.iou(ASTRONAUT_FACE) > 0.6
    for x, y in [(203, 100), (247, 100), (225, 145)]:  # her eyes and her smile
        assert face.box.x0 < x < face.box.x1 and face.box.y0 < y < face.box.y1


def _inside(point: tuple[int, int], box: Box) -> bool:
    return box.x0 <= point[0] < box.x1 and box.y0 <= point[1] < box.y1


def test_the_astronauts_face_has_its_six_landmarks_in_place(embedded_model, astronaut):
    (face,) = embedded_model.detect_faces(astronaut)
    points = face.keypoints
    assert set(points) == {"right_eye", "left_eye", "nose", "mouth", "right_ear", "left_ear"}
    right, left, nose, mouth = points["right_eye"], points["left_eye"], points["nose"], points["mouth"]
    assert _inside(right, face.box) and _inside(left, face.box) and _inside(nose, face.box)
    # Her right eye is on the image's left; the eyes are level (within 10 degrees) and an eye's
    # width apart; nose and mouth lie between them, the mouth below the nose below the eyes.
    assert right[0] < nose[0] < left[0] and right[0] < mouth[0] < left[0]
    assert abs(left[1] - right[1]) < 0.18 * (left[0] - right[0])
    assert 0.3 * face.box.width < left[0] - right[0] < 0.7 * face.box.width
    assert max(right[1], left[1]) < nose[1] < mouth[1]
    for (x, y), (hx, hy) in [(right, (203, 100)), (left, (247, 100))]:  # hand-measured pupils
        assert abs(x - hx) <= 8 and abs(y - hy) <= 12
    assert points["right_ear"][0] < right[0] and points["left_ear"][0] > left[0]


def face_pasted_at(head: Image.Image, width: int, origin: tuple[int, int]) -> tuple[Image.Image, Box]:
    """A 1024x1024 canvas with the head scaled to `width` px at `origin`, and where the
    face now is."""
    scale = width / ASTRONAUT_HEAD.width
    canvas = Image.new("RGB", (1024, 1024), (200, 200, 190))
    canvas.paste(head.resize((width, round(ASTRONAUT_HEAD.height * scale))), origin)

    def moved(v: int, start: int, o: int) -> int:
        return o + round((v - start) * scale)

    face = Box(
        x0=moved(ASTRONAUT_FACE.x0, ASTRONAUT_HEAD.x0, origin[0]),
        y0=moved(ASTRONAUT_FACE.y0, ASTRONAUT_HEAD.y0, origin[1]),
        x1=moved(ASTRONAUT_FACE.x1, ASTRONAUT_HEAD.x0, origin[0]),
        y1=moved(ASTRONAUT_FACE.y1, ASTRONAUT_HEAD.y0, origin[1]),
    )
    return canvas, face


@pytest.mark.parametrize(
    ("head_width", "origin"), [(100, (700, 150)), (200, (300, 600)), (480, (300, 200)), (900, (40, 20))]
)
def test_finds_small_and_large_faces(embedded_model, astronaut_head, head_width, origin):
    canvas, face = face_pasted_at(astronaut_head, head_width, origin)
    faces = embedded_model.detect_faces(canvas)
    assert len(faces) == 1
    assert faces[0].box.iou(face) > 0.5
    # Landmarks found on a tile come back in the canvas's pixels, in the face.
    points = faces[0].keypoints
    assert _inside(points["right_eye"], face) and _inside(points["left_eye"], face)
    assert points["right_eye"][0] < points["nose"][0] < points["left_eye"][0]


def test_face_cut_by_the_border_gets_a_box_inside_the_image(embedded_model, astronaut):
    shifted = Image.new("RGB", (512, 512), (200, 200, 190))
    shifted.paste(astronaut, (-150, -40))  # her face now touches the left edge
    faces = embedded_model.detect_faces(shifted)
    assert len(faces) == 1
    box = faces[0].box
    assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= 512 and box.y1 <= 512
    assert box.x0 < 40


def test_no_face_on_a_cat_or_a_blank_image(embedded_model, chelsea):
    assert embedded_model.detect_faces(chelsea) == []
    assert embedded_model.detect_faces(Image.new("RGB", (640, 480), "white")) == []


@pytest.mark.parametrize("mode", ["RGBA", "L", "P"])
def test_accepts_other_image_modes(embedded_model, astronaut, mode):
    faces = embedded_model.detect_faces(astronaut.convert(mode))
    assert len(faces) == 1 and faces[0].box.iou(ASTRONAUT_FACE) > 0.5
