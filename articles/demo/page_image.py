"""A newspaper-like page image for the demo e-paper, drawn with Pillow: a
masthead band, then a grey block per story with its headline and grey bars
for its text. The blocks' rectangles are returned as shares of the image,
so the demo's 热区 sit exactly on them.

The headlines are drawn in a CJK font found on this machine; no font ships
with Newsroom. Without one the page has blocks and bars only — still a page
to click on, just without words.
"""

from __future__ import annotations

import glob
import io
import os
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 1700
MARGIN, GAP = 40, 24
PAPER = (250, 248, 242)
INK = (34, 34, 34)
RED = (178, 34, 34)
BLOCK = (232, 230, 224)
BAR = (198, 196, 190)
PHOTO = (160, 164, 170)

#: Where CJK fonts usually are: Debian/Ubuntu (fonts-noto-cjk, wqy), Fedora,
#: macOS and Windows. The first that Pillow can open is used.
FONT_PATTERNS = (
    "/usr/share/fonts/**/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/**/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/**/*CJK*.tt[cf]",
    "/usr/share/fonts/**/SourceHan*.tt[cf]",
    "/usr/share/fonts/**/wqy*.tt[cf]",
    "/usr/share/fonts/**/*DroidSansFallback*.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti*.ttc",
    "C:/Windows/Fonts/msyh*.tt[cf]",
    "C:/Windows/Fonts/simhei.ttf",
)


@dataclass
class Story:
    headline: str
    photo: bool = False


@cache
def cjk_font_path() -> str | None:
    for pattern in FONT_PATTERNS:
        for path in sorted(glob.glob(pattern, recursive=True)):
            if os.path.isfile(path) and _opens(path):
                return path
    return None


def _opens(path: str) -> bool:
    try:
        ImageFont.truetype(path, 20)
    except OSError:
        return False
    return True


def _font(size: int):
    path = cjk_font_path()
    return ImageFont.truetype(path, size) if path else None


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Break a Chinese headline where it meets the block's edge."""
    lines, line = [], ""
    for char in text:
        if line and draw.textlength(line + char, font=font) > width:
            lines.append(line)
            line = char
        else:
            line += char
    return [*lines, line] if line else lines


def _layout(count: int, top: int) -> list[tuple[int, int, int, int]]:
    """The blocks' rectangles: the lead across the page, the others in two
    columns below it (the left one taking the extra story)."""
    if count == 0:
        return []
    right, bottom = WIDTH - MARGIN, HEIGHT - MARGIN
    lead_bottom = top + (bottom - top) * (9 if count > 1 else 20) // 20
    boxes = [(MARGIN, top, right, lead_bottom)]
    rest = count - 1
    if not rest:
        return boxes
    middle = WIDTH // 2
    columns = [(MARGIN, middle - GAP // 2), (middle + GAP // 2, right)]
    per_column = [(rest + 1) // 2, rest // 2]
    for (left, col_right), n in zip(columns, per_column, strict=True):
        if not n:
            continue
        y, height = lead_bottom + GAP, (bottom - lead_bottom - GAP * n) // n
        for _ in range(n):
            boxes.append((left, y, col_right, y + height))
            y += height + GAP
    if per_column[1] == 0:  # one story under the lead: it takes the width
        left, y0, _right, y1 = boxes[1]
        boxes[1] = (left, y0, right, y1)
    return boxes


def _masthead(draw, *, paper: str, front: bool, lines: list[str]) -> int:
    """The band at the top; returns where the stories start."""
    height = 230 if front else 110
    draw.rectangle((MARGIN, MARGIN, WIDTH - MARGIN, MARGIN + height), fill=RED)
    title = _font(120 if front else 52)
    small = _font(26)
    if title:
        draw.text((MARGIN + 36, MARGIN + 22), paper, font=title, fill=PAPER)
        y = MARGIN + height - 36 * len(lines) - 16
        for line in lines:
            width = draw.textlength(line, font=small)
            draw.text((WIDTH - MARGIN - 36 - width, y), line, font=small, fill=PAPER)
            y += 36
    else:
        draw.rectangle(
            (MARGIN + 36, MARGIN + 30, MARGIN + 420, MARGIN + height - 30),
            fill=PAPER,
        )
    rule = MARGIN + height + 10
    draw.line((MARGIN, rule, WIDTH - MARGIN, rule), fill=INK, width=3)
    return rule + GAP


def _story_block(draw, box, story: Story, *, lead: bool) -> None:
    left, top, right, bottom = box
    draw.rectangle(box, fill=BLOCK)
    pad = 22
    y = top + pad
    font = _font(64 if lead else 44)
    if font:
        size = font.size
        for line in _wrap(draw, story.headline, font, right - left - 2 * pad)[:3]:
            draw.text((left + pad, y), line, font=font, fill=INK)
            y += int(size * 1.3)
    else:  # a dark bar where the headline would be
        height = 48 if lead else 32
        draw.rectangle((left + pad, y, right - pad - 80, y + height), fill=INK)
        y += height + 12
    y += 12
    text_right = right - pad
    if story.photo and bottom - y > 160:
        photo_left = left + (right - left) * (55 if lead else 40) // 100
        # A 4:3 picture at most, so a tall block is not all photo.
        photo_bottom = min(bottom - pad, y + (right - pad - photo_left) * 3 // 4)
        draw.rectangle((photo_left, y, right - pad, photo_bottom), fill=PHOTO)
        text_right = photo_left - pad
    columns = 3 if lead else 2
    width = (text_right - left - pad - (columns - 1) * 16) // columns
    for column in range(columns):
        x = left + pad + column * (width + 16)
        if width < 40:
            break
        for bar in range(y, bottom - pad - 10, 22):
            draw.rectangle((x, bar, x + width, bar + 9), fill=BAR)


def draw_page(
    stories: list[Story], *, paper: str, front: bool, lines: list[str]
) -> tuple[bytes, list[tuple[float, float, float, float]]]:
    """The page as PNG bytes, and each story's block as (left, top, width,
    height) shares of the image, in the order of `stories`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    top = _masthead(draw, paper=paper, front=front, lines=lines)
    boxes = _layout(len(stories), top)
    for index, (story, box) in enumerate(zip(stories, boxes, strict=True)):
        _story_block(draw, box, story, lead=index == 0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    shares = [
        (
            left / WIDTH,
            top / HEIGHT,
            (right - left) / WIDTH,
            (bottom - top) / HEIGHT,
        )
        for left, top, right, bottom in boxes
    ]
    return buffer.getvalue(), shares
