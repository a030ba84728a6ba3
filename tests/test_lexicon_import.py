"""Bulk import of the sensitive-word lexicon from a text or CSV file, on the
lexicon's admin screen: good files in both shapes and encodings, and every
bad one refused in Chinese with nothing written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from articles.models import SensitiveWord
from articles.proofing import importing

from .factories import UserFactory
from .two_factor_helpers import Client

pytestmark = pytest.mark.django_db

URL = "admin:articles_sensitiveword_import"
Level = SensitiveWord.Level


@pytest.fixture
def chief_client():
    client = Client()
    client.force_login(UserFactory(username="desk", role=roles.DESK_CHIEF))
    return client


def upload(client, content, *, name="词表.txt", level="banned"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse(URL),
        {"file": SimpleUploadedFile(name, data), "level": level},
    )


def words():
    return {w.word: (w.level, w.replacement) for w in SensitiveWord.objects.all()}


def test_one_word_a_line_takes_the_chosen_level(chief_client):
    response = upload(chief_client, "# 第一批\n某词甲\n\n某词乙\n", level="caution")
    assert response.status_code == 302
    assert words() == {"某词甲": (Level.CAUTION, ""), "某词乙": (Level.CAUTION, "")}
    page = chief_client.get(response.url).content.decode()
    assert "新增 2 个" in page


def test_csv_rows_with_level_and_replacement_gbk_and_a_header(chief_client):
    text = "词语,级别,建议改为\n某词甲,禁用,合规说法\n某词乙,慎用,\n某词丙,,\n"
    upload(chief_client, text.encode("gb18030"), name="words.CSV")
    assert words() == {
        "某词甲": (Level.BANNED, "合规说法"),
        "某词乙": (Level.CAUTION, ""),
        "某词丙": (Level.BANNED, ""),
    }


def test_a_known_word_takes_the_file_level_and_is_counted(chief_client):
    SensitiveWord.objects.create(word="某词甲", level=Level.BANNED)
    SensitiveWord.objects.create(word="某词乙", level=Level.CAUTION)
    response = upload(chief_client, "某词甲,慎用\n某词乙,慎用\n某词丙\n")
    page = chief_client.get(response.url).content.decode()
    assert "新增 1 个，更新 1 个，1 个原已在词库中" in page
    assert words()["某词甲"] == (Level.CAUTION, "")


@pytest.mark.parametrize(
    ("content", "name", "error"),
    [
        (b"", "a.txt", "所提交的是空文件"),  # Django's own words
        (b"   \n\n", "a.txt", "文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "a.txt", "这不是文本文件"),
        ("某词甲\n".encode(), "words.xlsx", "只能导入 .txt 或 .csv 文件"),
        (b"\xff\xfe\xfa\xfb\xfc", "a.txt", "无法识别文件编码"),
        ("# 只有注释\n".encode(), "a.txt", "文件里没有可导入的词语"),
        ("某词甲,严禁\n".encode(), "a.txt", "第 1 行：级别“严禁”无法识别"),
        ("某词甲,禁用,说法,多余\n".encode(), "a.txt", "第 1 行：最多三列"),
        (("某" * 51 + "\n").encode(), "a.txt", "超过 50 个字"),
        (",禁用\n".encode(), "a.txt", "第 1 行：缺少词语"),
        ("某词甲,禁用\n某词甲,慎用\n".encode(), "a.txt", "第 2 行：“某词甲”在第 1 行"),
        ('"某词\n甲",禁用\n'.encode(), "a.txt", "不能有换行"),
    ],
)
def test_bad_files_are_refused_in_chinese_and_nothing_is_written(
    chief_client, content, name, error
):
    SensitiveWord.objects.create(word="原有词", level=Level.CAUTION)
    response = upload(chief_client, content, name=name)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert words() == {"原有词": (Level.CAUTION, "")}


def test_one_bad_line_refuses_the_whole_file(chief_client):
    response = upload(chief_client, "某词甲\n某词乙,严禁\n某词丙\n")
    page = response.content.decode()
    assert "词表没有导入" in page and "第 2 行" in page
    assert words() == {}


def test_many_bad_lines_are_listed_up_to_a_limit():
    text = "".join(f"词{i},不明\n" for i in range(30))
    with pytest.raises(importing.LexiconFileError) as refusal:
        importing.parse(text, default_level=Level.BANNED)
    assert len(refusal.value.errors) == importing.ERRORS_SHOWN + 1
    assert refusal.value.errors[-1] == "另有 10 处错误。"


def test_an_unknown_default_level_is_refused(chief_client):
    response = upload(chief_client, "某词甲\n", level="whatever")
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert words() == {}


def test_an_editor_reads_the_lexicon_but_may_not_import():
    client = Client()
    client.force_login(UserFactory(username="editor", role=roles.EDITOR))
    assert (
        client.get(reverse("admin:articles_sensitiveword_changelist")).status_code
        == 200
    )
    assert upload(client, "某词甲\n").status_code == 403
    assert words() == {}
