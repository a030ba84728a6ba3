"""Reading a page's text from a file (pure Python, no Django): the command
and the admin's import screen both read uploads through `read_page_text()`."""

#: A page's text is tens of kilobytes; anything this large is something else.
MAX_BYTES = 2 * 1024 * 1024


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
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{name}：无法识别文件编码，请另存为 UTF-8 文本。")
