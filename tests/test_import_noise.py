"""The importer refuses what is not a newspaper page: text with no Chinese
story in it gets a clear Chinese error from the command, the admin's import
screen and the import functions, and creates nothing (no story, no person).
The noise is generated here, seeded, so every run sees the same pages."""

import random
import string
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import roles
from accounts.models import Correspondent
from articles.importer import NotAPage, check_page_text, import_page, plan_import
from articles.models import Article

from .factories import UserFactory

STORY = "11月20日，江城市总工会宣布在全市新增12家户外劳动者服务站，全天开放。"


def ascii_noise(size=60_000, seed=12):
    """Printable ASCII in lines of varied length, like a page of garbage:
    what once became 1,735 junk drafts."""
    rng = random.Random(seed)
    lines = []
    while sum(map(len, lines)) < size:
        lines.append("".join(rng.choices(string.printable[:94], k=rng.randint(1, 90))))
    return "\n".join(lines)


def han_without_sentences(seed=3):
    """Random Chinese characters with no sentence punctuation: a font dump."""
    rng = random.Random(seed)
    return "\n".join(
        "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(40)) for _ in range(50)
    )


NOISE = {
    "ASCII 乱码": ascii_noise(),
    "乱码里夹一句中文": ascii_noise() + "\n" + STORY + "\n" + ascii_noise(seed=5),
    "只有汉字没有句子": han_without_sentences(),
    "一个标题": "江城新增服务站",
}
MESSAGES = {
    "ASCII 乱码": "没有找到中文稿件文字（只有 0 个汉字）",
    "乱码里夹一句中文": "内容大多不是中文（汉字只占 0%）",
    "只有汉字没有句子": "找不到一句完整的中文",
    "一个标题": "没有找到中文稿件文字（只有 7 个汉字）",
}


def nothing_created():
    return not Article.objects.exists() and not Correspondent.objects.exists()


@pytest.mark.parametrize("kind", NOISE)
def test_noise_is_refused_with_a_chinese_reason(kind):
    with pytest.raises(NotAPage, match=MESSAGES[kind]) as refusal:
        check_page_text(NOISE[kind], "page.txt")
    assert "这不像是报纸版面，没有导入任何内容" in str(refusal.value)


def test_a_one_brief_page_is_a_page():
    check_page_text(f"江城新增服务站\n\n{STORY}\n\n记者 林晓峰\n")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", NOISE)
@pytest.mark.parametrize("dry_run", [False, True])
def test_the_command_refuses_noise_and_creates_nothing(tmp_path, kind, dry_run):
    path = tmp_path / "page.txt"
    path.write_text(NOISE[kind], encoding="utf-8")
    args = ["--dry-run"] if dry_run else []
    with pytest.raises(CommandError, match=MESSAGES[kind]):
        call_command("import_page", str(path), *args, stdout=StringIO())
    assert nothing_created()


@pytest.mark.django_db
def test_the_functions_refuse_noise_that_comes_another_way():
    with pytest.raises(NotAPage):
        plan_import(NOISE["ASCII 乱码"])
    with pytest.raises(NotAPage):
        import_page(NOISE["ASCII 乱码"], status="draft")
    assert nothing_created()


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(role=roles.EDITOR))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("kind", NOISE)
def test_the_import_screen_refuses_an_uploaded_noise_page(editor, kind):
    upload = SimpleUploadedFile("noise.txt", NOISE[kind].encode(), "text/plain")
    response = editor.post(
        reverse("admin:articles_article_import"), {"file": upload, "status": "draft"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGES[kind] in page
    assert "将新建" not in page  # no preview, no confirm button
    assert nothing_created()


@pytest.mark.django_db
def test_the_import_screen_refuses_noise_posted_as_a_confirmation(editor):
    """The confirmation carries the text in a hidden field; a crafted post
    of noise there is refused as the upload is."""
    response = editor.post(
        reverse("admin:articles_article_import"),
        {"text": NOISE["ASCII 乱码"], "status": "draft", "confirm": "1"},
    )
    assert response.status_code == 200
    assert MESSAGES["ASCII 乱码"] in response.content.decode()
    assert nothing_created()
