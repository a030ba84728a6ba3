"""Reading a page's text from a file, and refusing what is not a page (pure
Python, no Django): the command and the admin's import screen both read
uploads through `read_page_text()`; `check_page_text()` also guards text
that arrives another way (the import screen's confirmation, `plan_import`)."""

import re

#: A page's text is tens of kilobytes; anything this large is something else.
MAX_BYTES = 2 * 1024 * 1024

#: The least a page must hold to be worth splitting into stories: this many
#: Chinese characters, this share of its printed characters, and at least
#: one Chinese sentence. A one-brief page clears it easily, and the share is
#: low because a short page may carry a web address or an English name as
#: long as its story (29 % Chinese on one real page); a page of ASCII noise
#: once became 1,735 junk drafts.
MIN_HAN = 20
MIN_HAN_SHARE = 0.1

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Han characters, then a full stop, question or exclamation mark: a sentence.
CHINESE_SENTENCE = re.compile(r"[\u3400-\u9fff]{2}[^\n。！？]{0,200}?[。！？]")


class NotAPage(ValueError):
    """Text that holds no Chinese story: nothing is imported from it."""


def read_page_text(data: bytes, name: str) -> str:
    """The text of an uploaded or named page file, or a clear refusal."""
    if not data.strip():
        raise ValueError(f"{name}：文件是空的。")
    if len(data) > MAX_BYTES:
        raise ValueError(f"{name}：文件超过 2 MB，不像是一个版面的文字。")
    if b"\x00" in data:
        raise ValueError(f"{name}：这不是文本文件（含有二进制内容）。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        check_page_text(text, name)
        return text
    raise ValueError(f"{name}：无法识别文件编码，请另存为 UTF-8 文本。")


def check_page_text(text: str, name: str = "") -> None:
    """Raise NotAPage, in Chinese, unless `text` holds Chinese story text."""
    where = f"{name}：" if name else ""
    han = len(HAN.findall(text))
    printed = sum(1 for c in text if not c.isspace())
    refusal = (
        "这不像是报纸版面，没有导入任何内容。"
        "请上传从版面 PDF 或电子报复制的中文稿件文字。"
    )
    if han < MIN_HAN:
        raise NotAPage(f"{where}没有找到中文稿件文字（只有 {han} 个汉字），{refusal}")
    if han < MIN_HAN_SHARE * printed:
        share = round(100 * han / printed)
        raise NotAPage(f"{where}内容大多不是中文（汉字只占 {share}%），{refusal}")
    if not CHINESE_SENTENCE.search(text):
        raise NotAPage(
            f"{where}找不到一句完整的中文（没有以“。”“！”“？”结尾的句子），{refusal}"
        )
