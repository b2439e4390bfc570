"""The embedded backend reads rendered English and Chinese text exactly."""

from __future__ import annotations

from PIL import Image, ImageDraw

from model_server.types import Box, TextLine


def render(lines, font, size=(900, 400), background="white", fill="black"):
    """Draw (text, (x, y), px) items; returns the image and each text's ink box."""
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    boxes = []
    for text, xy, px in lines:
        draw.text(xy, text, font=font(px), fill=fill)
        x0, y0, x1, y1 = draw.textbbox(xy, text, font=font(px))
        boxes.append(Box(x0=int(x0), y0=int(y0), x1=int(x1), y1=int(y1)))
    return image, boxes


def texts(lines: list[TextLine]) -> list[str]:
    return [line.text for line in lines]


def test_reads_english_lines_exactly(embedded_model, font):
    image, _ = render([("SALE", (40, 40), 72), ("50% OFF today", (40, 200), 56)], font)
    assert texts(embedded_model.ocr(image)) == ["SALE", "50% OFF today"]


def test_reads_chinese_exactly(embedded_model, font):
    image, _ = render([("限时特价", (40, 60), 64), ("五折优惠", (40, 220), 64)], font)
    assert texts(embedded_model.ocr(image)) == ["限时特价", "五折优惠"]


def test_reads_white_text_on_red(embedded_model, font):
    image, _ = render([("Buy now 立即购买", (40, 150), 60)], font, background=(200, 30, 30),
                      fill="white")
    assert texts(embedded_model.ocr(image)) == ["Buy now 立即购买"]


def test_boxes_cover_the_ink_and_stay_inside_the_image(embedded_model, font):
    image, ink = render([("HELLO", (20, 10), 80), ("世界", (600, 250), 80)], font)
    lines = embedded_model.ocr(image)
    assert texts(lines) == ["HELLO", "世界"]
    for line, drawn in zip(lines, ink, strict=True):
        assert line.box.iou(drawn) > 0.5
        assert 0 <= line.box.x0 < line.box.x1 <= image.width
        assert 0 <= line.box.y0 < line.box.y1 <= image.height
        assert len(line.polygon) == 4 and 0.5 < line.score <= 1.0


def test_text_at_the_edge_gets_a_box_clipped_to_the_image(embedded_model, font):
    image, _ = render([("EDGE", (-6, -14), 90)], font, size=(400, 120))
    lines = embedded_model.ocr(image)
    assert lines, "text touching the border should still be read"
    box = lines[0].box
    assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= 400 and box.y1 <= 120


def test_reading_order_is_rows_top_down_then_left_to_right(embedded_model, font):
    items = [("RIGHT", (560, 52), 60), ("LEFT", (40, 40), 60), ("BELOW", (40, 250), 60)]
    image, _ = render(items, font)
    assert texts(embedded_model.ocr(image)) == ["LEFT", "RIGHT", "BELOW"]


def test_image_without_text_gives_empty_list(embedded_model):
    assert embedded_model.ocr(Image.new("RGB", (640, 480), (235, 240, 250))) == []


def test_accepts_greyscale_and_rgba_images(embedded_model, font):
    image, _ = render([("OPEN 24 HOURS", (40, 150), 64)], font)
    assert texts(embedded_model.ocr(image.convert("L"))) == ["OPEN 24 HOURS"]
    assert texts(embedded_model.ocr(image.convert("RGBA"))) == ["OPEN 24 HOURS"]


def test_read_lines_reads_each_crop_as_one_line(embedded_model, font):
    image, boxes = render([("Shop now", (40, 40), 48), ("立即购买 50%", (40, 200), 40)], font)
    crops = [image.crop(b.pad(6, *image.size).as_tuple()) for b in boxes]
    read = embedded_model.read_lines(crops)
    assert [text for text, _ in read] == ["Shop now", "立即购买 50%"]
    assert all(score > 0.9 for _, score in read)


def test_read_lines_of_a_blank_crop_is_unsure_or_empty(embedded_model):
    (text, score), = embedded_model.read_lines([Image.new("RGB", (200, 48), "white")])
    assert text == "" or score < 0.5


def test_a_thin_canvas_is_read_as_it_is_without_enlarging(embedded_model, font):
    """A 1500x100 strip: enlarged to a 736 px short side it would be 11040x736 px."""
    image, _ = render([("Half price on every plan until June", (20, 25), 48)], font, size=(1500, 100))
    lines = embedded_model.ocr(image, enlarge=False)
    assert texts(lines) == ["Half price on every plan until June"]
    assert all(line.box.x1 <= 1500 and line.box.y1 <= 100 for line in lines)


def test_onnx_threads_sleep_rather_than_spin(embedded_model):
    """Spinning ONNX threads take the second core from perception that runs beside OCR."""
    from model_server.embedded_ocr import NO_SPINNING

    embedded_model.ocr(Image.new("RGB", (64, 64), "white"))
    session = embedded_model._ocr.get().rapidocr.text_det.session.session
    assert session.get_session_options().get_session_config_entry(NO_SPINNING) == "0"
