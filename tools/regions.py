"""Where an op acts: a target as the planner names it, resolved to a mask on the image.

Targets are short canonical strings so that plans stay readable and typed:

| target        | the region                                                              |
|---------------|-------------------------------------------------------------------------|
| None, "image" | the whole image                                                         |
| "person"      | the person mask, when a face lies on it                                 |
| "face"        | the detected faces (ellipses inside their boxes)                        |
| "hair"        | the colour just above each face, followed around the head               |
| "clothes"     | the person's main garment: the colour below the face, with its folds    |
| "subject"     | the user's mask, else a person (face on it), else the salient object    |
| "background"  | everything but the subject                                              |
| "sky"         | smooth blue pixels in areas that reach the top edge                     |
| "text"        | the ink of every text line OCR reads                                    |
| "text:SALE"   | the ink of the line (or the part of a line) that reads SALE             |
| "color:red"   | pixels of that colour family (`COLOR_FAMILIES`; any colour name or hex) |
| "object:cat"  | the salient object, when the classifier agrees it is a cat              |
| "mask"        | the user's mask (`--mask FILE`)                                         |
| "step:s1"     | what step s1 changed or added (chained edits: "then make it red")       |

`TARGET_WORDS` maps the words people use, English and Chinese, to these targets; the planner
reads it, so one table serves both. Colour words are in `tools.colors`; object words in
`OBJECT_WORDS` / `OBJECT_TAGS`.

Limits of the embedded backend: "clothes" and "hair" follow the one dominant colour (a
striped shirt gives its main stripe); "object:" is the one salient object, so it covers a
subject that fills the frame only partly; "sky" is blue sky, as an overcast sky is not told
apart from a white wall.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import cv2
import numpy as np
from PIL import Image

from model_server.protocol import UnifiedModel
from model_server.types import Box, Detection, Tag, TextLine
from tools import masks
from tools.base import StepContext, StepFailed
from tools.colors import COLOR_NAMES, parse_color
from tools.drawing import load_font
from tools.text_match import find_text

T = TypeVar("T")

TARGET_WORDS: dict[str, str] = {
    **dict.fromkeys(["image", "whole image", "picture", "photo", "整张图", "整张图片", "图片", "照片",
                     "画面", "全图"], "image"),
    **dict.fromkeys(["person", "people", "man", "woman", "boy", "girl", "astronaut", "人",
                     "人物", "男人", "女人", "男孩", "女孩", "宇航员"], "person"),
    **dict.fromkeys(["face", "faces", "脸", "人脸", "面部", "脸部"], "face"),
    **dict.fromkeys(["hair", "头发", "发色"], "hair"),
    **dict.fromkeys(["clothes", "clothing", "shirt", "suit", "jacket", "dress", "outfit", "coat",
                     "衣服", "上衣", "衬衫", "外套", "裙子", "服装", "宇航服"], "clothes"),
    **dict.fromkeys(["subject", "main object", "main subject", "object", "主体", "物体"], "subject"),
    **dict.fromkeys(["background", "backdrop", "背景"], "background"),
    **dict.fromkeys(["sky", "天空"], "sky"),
    **dict.fromkeys(["text", "words", "writing", "caption", "title", "文字", "字", "标题"], "text"),
}

# ImageNet labels that count as a named object, for "object:<name>" targets.
OBJECT_TAGS: dict[str, tuple[str, ...]] = {
    "cat": ("cat", "tabby", "tiger cat", "persian", "siamese", "egyptian", "lynx"),
    "dog": ("dog", "terrier", "retriever", "spaniel", "hound", "poodle", "shepherd", "collie"),
    "cup": ("cup", "espresso", "coffee mug", "mug", "teapot"),
    "car": ("car", "convertible", "cab", "jeep", "limousine", "minivan", "sports car", "wagon"),
    "rocket": ("missile", "projectile", "space shuttle", "rocket"),
    "bird": ("bird", "finch", "robin", "jay", "magpie", "chickadee", "eagle", "parrot", "macaw"),
    "flower": ("daisy", "flower", "rose", "sunflower", "pot"),
}
OBJECT_WORDS: dict[str, str] = {"猫": "cat", "狗": "dog", "杯子": "cup", "咖啡": "cup", "车": "car",
                                "汽车": "car", "火箭": "rocket", "鸟": "bird", "花": "flower"}


@dataclass(frozen=True)
class ColorFamily:
    """Which pixels a colour word names, in HSV: hue degrees (start to end, may wrap past 360),
    saturation and value in [0, 1].

    HSV, not Lab, because names follow it: pure red and the astronaut's orange suit lie 4
    degrees apart in Lab hue but 14 apart in HSV hue, with the red/orange boundary between.
    """

    hue: tuple[float, float] | None  # None: achromatic, any hue
    saturation: tuple[float, float] = (0.35, 1.0)
    value: tuple[float, float] = (0.2, 1.0)


COLOR_FAMILIES: dict[str, ColorFamily] = {
    "red": ColorFamily((345, 8)),
    "orange": ColorFamily((8, 40)),
    "yellow": ColorFamily((40, 70)),
    "green": ColorFamily((70, 165)),
    "cyan": ColorFamily((165, 190)),
    "blue": ColorFamily((190, 255)),
    "purple": ColorFamily((255, 290)),
    "magenta": ColorFamily((290, 345)),
    "pink": ColorFamily((290, 360), saturation=(0.12, 0.6), value=(0.6, 1.0)),
    "brown": ColorFamily((5, 45), saturation=(0.3, 1.0), value=(0.12, 0.6)),
    "white": ColorFamily(None, saturation=(0.0, 0.12), value=(0.85, 1.0)),
    "gray": ColorFamily(None, saturation=(0.0, 0.12), value=(0.2, 0.85)),
    "black": ColorFamily(None, saturation=(0.0, 1.0), value=(0.0, 0.18)),
}
_HUE_FAMILIES = ("red", "orange", "yellow", "green", "cyan", "blue", "purple", "magenta")

MIN_TAG_SCORE = 0.02  # a top-5 label below this is noise, not evidence of the object
CHROMATIC = 15.0  # Lab chroma above which a colour has a hue worth following
HUE_TOLERANCE = 22.0  # Lab hue degrees within which a shaded pixel is the same colour
LIGHTNESS_TOLERANCE = 25.0  # Lab L within which a grey pixel is the same grey
SKIN_DISTANCE = 14.0  # Lab distance (L counted half) within which a pixel is the face's skin
SALIENT_SIDE = 512  # the salient mask is a coarse cue; computing it larger costs seconds


@dataclass
class Region:
    """A resolved target: its mask and what to call it in reports."""

    mask: np.ndarray  # bool (H, W)
    label: str

    @property
    def fraction(self) -> float:
        return float(self.mask.mean())

    @property
    def box(self) -> Box:
        ys, xs = np.nonzero(self.mask)
        if len(xs) == 0:
            return Box(x0=0, y0=0, x1=0, y1=0)
        return Box(x0=int(xs.min()), y0=int(ys.min()), x1=int(xs.max()) + 1, y1=int(ys.max()) + 1)


def resolve(target: str | None, ctx: StepContext) -> Region:
    """The region `target` names on `ctx.image`.

    What the model perceives in an image (person mask, faces, OCR, tags, salient mask) and
    the regions found are remembered for the last few images, so targets resolved on one
    image agree with each other (the backend's masks vary slightly from call to call), and an
    op's `verify`, which resolves its target again, pays for them once.

    Raises:
        StepFailed: the target is not in this image (no face found, no text 'SALE', ...).
        BadInput: a user mask of the wrong size, or a colour name vloop does not know.
        Unsupported: the backend cannot perceive what the target needs.
    """
    kind, _, value = (target or "image").strip().partition(":")
    kind, value = kind.strip().lower(), value.strip()
    if kind not in _FINDERS:  # a word people use for a target: "shirt", "背景"
        kind = TARGET_WORDS.get(kind, kind)
    if kind == "object" and not value:
        kind = "subject"
    finder = _FINDERS.get(kind)
    if finder is None:
        raise StepFailed(f"vloop cannot locate {target!r}; it knows: {', '.join(sorted(_FINDERS))}")
    look = Look(ctx)
    region = look.remember(("region", kind, value, *_inputs_of(kind, value, ctx)),
                           lambda: _frozen_region(finder(look, value)))
    if not region.mask.any():
        raise StepFailed(f"no {region.label} found in the image")
    return Region(region.mask.copy(), region.label)


def _inputs_of(kind: str, value: str, ctx: StepContext) -> tuple[str | None, ...]:
    """What besides the image a target's region depends on: the user's mask, a step's region."""
    if kind in ("subject", "background", "mask"):
        return (digest(ctx.mask) if ctx.mask is not None else None,)
    if kind == "step":
        return (digest(ctx.regions[value]) if value in ctx.regions else None,)
    return ()


def digest(data: np.ndarray | Image.Image) -> str:
    """A short hash of an image's or an array's contents: part of what a remembered result is
    keyed by."""
    raw = data.tobytes() if isinstance(data, Image.Image) else np.ascontiguousarray(data).tobytes()
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


# What the model sees, remembered per image


class _Memo:
    """The last few perception results, by (image digest, what); an entry only counts for the
    model that made it (held, so its id is not reused by another model meanwhile)."""

    # About three images (input, output, one more) at about ten entries each: faces, people,
    # masks, tags, OCR lines and the regions resolved from them.
    def __init__(self, size: int = 32) -> None:
        self._size = size
        self._entries: OrderedDict[tuple, tuple[object, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, model: object, compute: Callable[[], T]) -> T:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] is model:
                self._entries.move_to_end(key)
                return entry[1]  # type: ignore[return-value]
        value = compute()  # outside the lock: perception takes a while
        with self._lock:
            self._entries[key] = (model, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value


_PERCEPTION = _Memo()
# The model's perceptions run in ONNX Runtime, OpenCV and torch, which release the GIL: two of
# them side by side use both cores of the machine vloop ships on.
_SIDE_BY_SIDE = ThreadPoolExecutor(max_workers=2, thread_name_prefix="perceive")


def perceive_together(*jobs: Callable[[], object]) -> None:
    """Run independent perceptions of one image at once, to fill the `Look` cache: an op that
    needs OCR and the salient mask then waits for the slower of the two, not for both. Errors
    are left for the op's own call to raise, in its own order."""
    for future in [_SIDE_BY_SIDE.submit(job) for job in jobs]:
        future.exception()


def meanwhile(job: Callable[[], T]) -> Future[T]:
    """Start `job` (a model call: OCR of a legend) on the perception threads and return its
    future, for the caller to do its own numpy work in the meantime."""
    return _SIDE_BY_SIDE.submit(job)


class Look:
    """A step's image as the finders see it, with the model's perception of it remembered.

    Ops that perceive the image themselves (detection and segmentation maps) take one with
    `Look(ctx)`, so their run, their verify and the targets they resolve share one perception.
    """

    def __init__(self, ctx: StepContext) -> None:
        self.ctx = ctx
        self.image = ctx.image
        self.shape = (ctx.image.height, ctx.image.width)
        self._digest: str | None = None

    def remember(self, what: tuple | str, compute: Callable[[], T]) -> T:
        """`compute()`, or what it gave before for this image, model and `what`."""
        if self._digest is None:
            self._digest = digest(self.image)
        key = (self._digest, self.image.size, self.image.mode, what)
        return _PERCEPTION.get(key, self.ctx.model, compute)

    def person(self) -> np.ndarray:
        """The person model's mask, cleaned (bool); read-only."""
        return self.remember("person", lambda: _frozen(
            masks.clean(masks.binary(self.ctx.model.person_mask(self.image)))))

    def faces(self) -> list[Detection]:
        return list(self.remember("faces", lambda: self.ctx.model.detect_faces(self.image)))

    def people(self) -> list[Detection]:
        return list(self.remember("people", lambda: self.ctx.model.detect_people(self.image)))

    def ocr(self) -> list[TextLine]:
        return list(self.remember("ocr", lambda: self.ctx.model.ocr(self.image)))

    def tags(self) -> list[Tag]:
        return list(self.remember("tags", lambda: self.ctx.model.tags(self.image, top_k=5)))

    def salient(self) -> np.ndarray:
        """The salient mask, cleaned (bool), computed on a copy at most `SALIENT_SIDE` px."""
        return self.remember("salient", lambda: _frozen(_salient(self.ctx.model, self.image)))

    def lab(self) -> np.ndarray:
        return _lab(self.image)


def _frozen(mask: np.ndarray) -> np.ndarray:
    mask.setflags(write=False)  # shared between finders and calls: nobody may change it
    return mask


def _frozen_region(region: Region) -> Region:
    return Region(_frozen(np.array(region.mask, dtype=bool)), region.label)


# People


def _image(look: Look, _: str) -> Region:
    return Region(np.ones(look.shape, dtype=bool), "whole image")


def _people(look: Look) -> tuple[np.ndarray, list[Detection]]:
    """The person mask and the faces on it; StepFailed when no face confirms a person.

    The person model marks something in any picture (most of a cat photo), so a face on the
    mask is what says there is a person at all.
    """
    faces = look.faces()
    if not faces:  # asked first: it is the cheap question, and no face means no person
        raise StepFailed("no person found: no face in the image")
    person = look.person()
    faces = [f for f in faces if person[masks.box_centre(f.box)]]
    if person.mean() < masks.MIN_PERSON_FRACTION or not faces:
        raise StepFailed("no person found: no face lies on the person model's mask")
    return person, faces


def _person(look: Look, _: str) -> Region:
    return Region(_people(look)[0], "person")


def _face(look: Look, _: str) -> Region:
    faces = look.faces()
    if not faces:
        raise StepFailed("no face found in the image")
    return Region(_face_ellipses(faces, look.shape), "face")


def _face_ellipses(faces: list[Detection], shape: tuple[int, int], share: float = 1.0) -> np.ndarray:
    """Ellipses over the faces: the box's width, a little taller than the box (chin, brow)."""
    mask = np.zeros(shape, dtype=np.uint8)
    for face in faces:
        (cx, cy), b = face.box.center, face.box
        axes = (max(1, round(b.width / 2 * share)), max(1, round(b.height * 0.6 * share)))
        cv2.ellipse(mask, (round(cx), round(cy)), axes, 0, 0, 360, 1, -1)
    return mask.astype(bool)


def _clothes(look: Look, _: str) -> Region:
    """The garment's colour, found just below each face, followed over the person's body.

    The chest below the neck is where the main garment shows; pixels of the person with that
    colour (at any lightness, so folds and shadows stay in) and connected to the chest are the
    clothes. The head, and skin of the face's colour (neck, hands), are left out.
    """
    person, faces = _people(look)
    h, w = person.shape
    lab = look.lab()
    head = masks.box_mask((h, w), [_head_box(f.box, w, h) for f in faces])
    body = person & ~head & ~_skin_like(lab, faces)
    chest = masks.box_mask((h, w), [_chest_box(f.box, w, h) for f in faces]) & body
    if chest.sum() < 0.002 * h * w:
        raise StepFailed("no clothes found: the person's body below the face is not in the picture")
    reach = max(2, round(max(f.box.width for f in faces) / 10))
    return Region(masks.clean(_like_seed(lab, chest, body, reach)), "clothes")


def _head_box(b: Box, width: int, height: int) -> Box:
    """The head around a face box: hair above, ears beside, the neck's top below."""
    return Box(x0=max(0, b.x0 - b.width // 3), y0=max(0, b.y0 - b.height // 2),
               x1=min(width, b.x1 + b.width // 3), y1=min(height, b.y1 + b.height // 4))


def _chest_box(b: Box, width: int, height: int) -> Box:
    """Where the garment shows below a face: past the neck, about a face wide each way."""
    cx = (b.x0 + b.x1) // 2
    return Box(x0=max(0, cx - b.width), y0=min(height, b.y1 + b.height // 2),
               x1=min(width, cx + b.width), y1=min(height, b.y1 + 2 * b.height))


def _hair(look: Look, _: str) -> Region:
    """The colour found just above each face, followed around the head."""
    person, faces = _people(look)
    h, w = person.shape
    lab = look.lab()
    around = masks.box_mask((h, w), [_hair_zone(f.box, w, h) for f in faces])
    zone = around & person & ~_skin_like(lab, faces) & ~_face_ellipses(faces, (h, w), share=0.9)
    crown = masks.box_mask((h, w), [_crown_box(f.box, w, h) for f in faces]) & zone
    if crown.sum() < 0.0005 * h * w:
        raise StepFailed("no hair found above the face")
    reach = max(2, round(max(f.box.width for f in faces) / 8))
    hair = _like_seed(lab, crown, zone, reach)
    # Strands in shadow fall out of the colour model: close the gaps along the hair's outline,
    # then what the hair encloses is hair too.
    closed = cv2.morphologyEx(hair.astype(np.uint8), cv2.MORPH_CLOSE, _disk(reach)).astype(bool)
    head = around & person & ~_face_ellipses(faces, (h, w), share=0.9)
    return Region(masks.clean(_fill_holes(closed) & head), "hair")


def _hair_zone(b: Box, width: int, height: int) -> Box:
    return Box(x0=max(0, b.x0 - b.width // 2), y0=max(0, b.y0 - b.height),
               x1=min(width, b.x1 + b.width // 2), y1=min(height, b.y1 + b.height // 3))


def _crown_box(b: Box, width: int, height: int) -> Box:
    """Just above the brow, the middle of the head: where hair is if there is any."""
    cx = (b.x0 + b.x1) // 2
    return Box(x0=max(0, cx - b.width // 3), y0=max(0, b.y0 - b.height // 3),
               x1=min(width, cx + b.width // 3), y1=min(height, b.y0 + b.height // 10))


def _skin_like(lab: np.ndarray, faces: list[Detection]) -> np.ndarray:
    """Pixels coloured like the faces' own skin (neck, hands, arms), lightness counting half
    so shaded skin stays in. A fixed skin-colour rule would also take brown hair and beige
    cloth; the face says what this person's skin looks like."""
    h, w = lab.shape[:2]
    cores = _face_ellipses(faces, (h, w), share=0.5)
    ref = np.median(lab[cores], axis=0)
    diff = (lab - ref) * np.array([0.5, 1.0, 1.0], np.float32)
    return np.linalg.norm(diff, axis=2) <= SKIN_DISTANCE


# Colour models


def _lab(image: Image.Image) -> np.ndarray:
    """CIELAB, float32: L in [0, 100], a and b about [-128, 127]."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)


def _like_seed(lab: np.ndarray, seed: np.ndarray, zone: np.ndarray, reach: int) -> np.ndarray:
    """Pixels of `zone` coloured like the seed's dominant colour, connected to the seed.

    A coloured seed keeps its hue in folds and shadows, where lightness and chroma drop, so
    membership is by hue with a floor on chroma; a black, white or grey seed has no hue, so
    membership is by lightness with little chroma. Deep shadow is where another object's
    colour looks most alike (a dark red flag stripe beside an orange sleeve), so the looser
    colours count only within `reach` pixels of the clear ones: the folds of a garment are.
    """
    chroma = np.hypot(lab[:, :, 1], lab[:, :, 2])
    if np.median(chroma[seed]) >= CHROMATIC:
        hue = np.degrees(np.arctan2(lab[:, :, 2], lab[:, :, 1])) % 360
        ref_hue = _dominant_hue(hue[seed], chroma[seed])
        off = _hue_distance(hue, ref_hue)
        ref_chroma = float(np.median(chroma[seed & (off <= HUE_TOLERANCE)]))
        clear = (off <= HUE_TOLERANCE / 3) & (chroma >= 0.6 * ref_chroma)
        loose = (off <= HUE_TOLERANCE) & (chroma >= 0.35 * ref_chroma)
    else:
        grey = seed & (chroma < CHROMATIC)
        off = np.abs(lab[:, :, 0] - _mode(lab[:, :, 0][grey], 0.0, 100.0))
        clear = (chroma < CHROMATIC) & (off <= LIGHTNESS_TOLERANCE / 2)
        loose = (chroma < CHROMATIC) & (off <= LIGHTNESS_TOLERANCE)
    clear = masks.clean(clear & zone)  # specks of the colour elsewhere do not reach out
    member = clear | (zone & loose & masks.dilate(clear, reach))
    return _touching(member, seed)


def _dominant_hue(hue: np.ndarray, weight: np.ndarray) -> float:
    """The hue most of the (chroma-weighted) pixels share: the peak of a circular histogram."""
    hist, _ = np.histogram(hue, bins=36, range=(0, 360), weights=weight)
    hist = hist + 0.5 * (np.roll(hist, 1) + np.roll(hist, -1))
    peak = (int(hist.argmax()) + 0.5) * 10.0
    near = _hue_distance(hue, peak) <= HUE_TOLERANCE
    angles = np.radians(hue[near])
    return float(np.degrees(np.arctan2(np.sin(angles).mean(), np.cos(angles).mean())) % 360)


def _mode(values: np.ndarray, low: float, high: float) -> float:
    hist, edges = np.histogram(values, bins=20, range=(low, high))
    peak = int(hist.argmax())
    return float((edges[peak] + edges[peak + 1]) / 2)


def _hue_distance(hue: np.ndarray | float, ref: float) -> np.ndarray:
    d = np.abs(np.asarray(hue) - ref) % 360
    return np.minimum(d, 360 - d)


def _touching(mask: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """The connected parts of `mask` that overlap `seed`."""
    count, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    keep = np.zeros(count, dtype=bool)
    keep[np.unique(labels[seed & mask])] = True
    keep[0] = False
    return keep[labels]


def _disk(radius: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """`mask` with every hole it encloses filled (what does not reach the image's edge)."""
    count, labels = cv2.connectedComponents((~mask).astype(np.uint8), connectivity=4)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    outside = np.zeros(count, dtype=bool)
    outside[edge] = True
    return mask | ~outside[labels]


# Subject, background, sky


def _subject_mask(look: Look) -> tuple[np.ndarray, str]:
    """The user's mask; else a person confirmed by a face; else the salient object."""
    if look.ctx.mask is not None:
        return masks.clean(masks.check_user_mask(look.ctx.mask, look.image)), "user"
    try:
        return _people(look)[0], "person"
    except StepFailed:
        return look.salient(), "salient"


def _salient(model: UnifiedModel, image: Image.Image) -> np.ndarray:
    """The salient mask, computed on a copy at most `SALIENT_SIDE` px and scaled back."""
    scale = SALIENT_SIDE / max(image.size)
    if scale >= 1:
        return masks.clean(masks.binary(model.salient_mask(image)))
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                         Image.Resampling.BILINEAR)
    soft = cv2.resize(np.asarray(model.salient_mask(small), np.float32), image.size,
                      interpolation=cv2.INTER_LINEAR)
    return masks.clean(masks.binary(soft))


def _subject(look: Look, _: str) -> Region:
    mask, kind = _subject_mask(look)
    return Region(mask, f"main subject ({kind})")


def _background(look: Look, _: str) -> Region:
    mask, _kind = _subject_mask(look)
    return Region(~mask, "background")


def _sky(look: Look, _: str) -> Region:
    """Smooth, blue-hued pixels in regions that reach the top edge."""
    rgb = np.asarray(look.image.convert("RGB"))
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV_FULL).astype(np.float32)
    hue, sat, val = hsv[:, :, 0] * (360 / 256), hsv[:, :, 1] / 255, hsv[:, :, 2] / 255
    blue = (hue >= 180) & (hue <= 260) & (sat >= 0.08) & (val >= 0.15)
    gray = cv2.GaussianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32), (0, 0), 1.5)
    grad = np.hypot(cv2.Sobel(gray, cv2.CV_32F, 1, 0), cv2.Sobel(gray, cv2.CV_32F, 0, 1))
    smooth = grad <= 24.0  # sky shades slowly; towers, leaves and roofs do not
    top = np.zeros_like(blue)
    top[0, :] = True
    sky = masks.clean(_touching(blue & smooth, top))
    if sky.mean() < 0.03:
        raise StepFailed("no sky found: no smooth blue area reaches the top of the image")
    return Region(sky, "sky")


# Text


def _text(look: Look, wanted: str) -> Region:
    lines = look.ocr()
    label = f"text {wanted!r}" if wanted else "text"
    if not lines:
        raise StepFailed("no text found: OCR read nothing in the image")
    spans: list[Box | None] = [None] * len(lines)
    if wanted:
        match = find_text(wanted, [line.text for line in lines])
        if match is None:
            read = ", ".join(repr(line.text) for line in lines[:8])
            raise StepFailed(f"could not find the text {wanted!r}; OCR read: {read}")
        line = lines[match.line]
        lines = [line]
        spans = [None if match.whole else _span_box(line.box, line.text, match.start, match.end)]
    ink = np.zeros(look.shape, dtype=bool)
    for line, span in zip(lines, spans, strict=True):
        found, _ = masks.text_ink(look.image, [line])
        if span is not None:
            found &= masks.box_mask(found.shape, [span])
        ink |= found
    return Region(masks.dilate(ink, 1), label)


def _span_box(box: Box, text: str, start: int, end: int) -> Box:
    """Where `text[start:end]` sits in the line's box, by the characters' advance widths (a
    CJK character is about twice a Latin one), padded by a little for the glyphs' overhang."""
    font = load_font(64)
    total = font.getlength(text) or 1.0
    x0 = box.x0 + box.width * font.getlength(text[:start]) / total
    x1 = box.x0 + box.width * font.getlength(text[:end]) / total
    pad = 0.1 * box.height
    return Box(x0=max(box.x0, round(x0 - pad)), y0=box.y0, x1=min(box.x1, round(x1 + pad)),
               y1=box.y1)


# Colours and objects


def _color(look: Look, name: str) -> Region:
    """Pixels of the colour family, with their shadows and highlights: pixels of the same hue,
    darker or (where bright) paler than the name allows, count where they touch named ones."""
    family = color_family(name)
    spec = COLOR_FAMILIES[family]
    hsv = cv2.cvtColor(np.asarray(look.image.convert("RGB")), cv2.COLOR_RGB2HSV_FULL)
    hue = hsv[:, :, 0].astype(np.float32) * (360 / 256)
    sat, val = hsv[:, :, 1] / 255.0, hsv[:, :, 2] / 255.0
    named = _within(sat, spec.saturation) & _within(val, spec.value)
    if spec.hue is not None:
        low, high = spec.hue
        in_hue = (hue >= low) & (hue < high) if low <= high else (hue >= low) | (hue < high)
        named &= in_hue
        (s_low, s_high), (v_low, v_high) = spec.saturation, spec.value
        shadow = _within(sat, (s_low, s_high)) & _within(val, (0.5 * v_low, v_high))
        highlight = _within(sat, (0.5 * s_low, s_high)) & _within(val, (max(0.6, v_low), v_high))
        named = _touching(in_hue & (shadow | highlight), named)
    return Region(masks.clean(named), f"{name} pixels ({family})")


def _within(values: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    return (values >= bounds[0]) & (values <= bounds[1])


def color_family(name: str) -> str:
    """The `COLOR_FAMILIES` key a colour name or hex code falls in ("深红色" -> "red").

    Raises:
        BadInput: the text names no colour vloop knows.
    """
    key = name.strip().lower()
    key = "gray" if key == "grey" else key
    if key in COLOR_FAMILIES:
        return key
    rgb = parse_color(key)
    for word, value in COLOR_NAMES.items():  # a Chinese name of a family colour: 红色 -> red
        if value == rgb and word in COLOR_FAMILIES:
            return word
    pixel = np.uint8([[rgb]])
    h, s, v = cv2.cvtColor(pixel, cv2.COLOR_RGB2HSV_FULL)[0, 0].astype(np.float32)
    if s / 255 < 0.15 or v / 255 < 0.18:
        return "black" if v / 255 < 0.18 else "white" if v / 255 >= 0.85 else "gray"
    hue = h * 360 / 256
    for family in _HUE_FAMILIES:
        low, high = COLOR_FAMILIES[family].hue or (0, 360)
        if (low <= hue < high) if low <= high else (hue >= low or hue < high):
            return family
    return "red"


def _object(look: Look, name: str) -> Region:
    key = OBJECT_WORDS.get(name, name).strip().lower()
    if TARGET_WORDS.get(key) in {"person", "face"}:  # "object:person" is the person target
        return _FINDERS[TARGET_WORDS[key]](look, "")
    wanted = OBJECT_TAGS.get(key, (key,))
    tags = look.tags()
    if not any(w in tag.label.lower() for tag in tags if tag.score >= MIN_TAG_SCORE for w in wanted):
        seen = ", ".join(f"{t.label} {t.score:.2f}" for t in tags[:3])
        raise StepFailed(f"could not find a {name} in the image (the classifier sees: {seen})")
    return Region(look.salient(), name)


# User mask and earlier steps


def _mask(look: Look, _: str) -> Region:
    if look.ctx.mask is None:
        raise StepFailed("this step acts on the user's mask, but none was given: pass --mask FILE")
    return Region(masks.check_user_mask(look.ctx.mask, look.image), "masked region")


def _step(look: Look, step_id: str) -> Region:
    if step_id not in look.ctx.regions:
        raise StepFailed(f"step {step_id} left no region to act on")
    region = np.asarray(look.ctx.regions[step_id])
    if region.shape[:2] != look.shape:
        raise StepFailed(
            f"step {step_id}'s region is {region.shape[1]}x{region.shape[0]} but the image is now "
            f"{look.image.width}x{look.image.height} (a later step changed its size)"
        )
    return Region(masks.check_user_mask(region, look.image), f"what {step_id} made")


_FINDERS: dict[str, Callable[[Look, str], Region]] = {
    "image": _image, "person": _person, "face": _face, "hair": _hair, "clothes": _clothes,
    "subject": _subject, "background": _background, "sky": _sky, "text": _text,
    "color": _color, "object": _object, "mask": _mask, "step": _step,
}
