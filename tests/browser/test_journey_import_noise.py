"""Journey: an editor uploads a file that is not a newspaper page (printable
ASCII noise, generated here) on the import screen. The screen says so in
Chinese and offers no preview; nothing is created."""

import random
import string

import pytest
from playwright.sync_api import expect

from accounts import roles
from articles.models import Article

from ..factories import UserFactory
from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "drafts"


def test_a_page_of_noise_is_refused_and_creates_nothing(
    page, live_server, login, tmp_path
):
    rng = random.Random(7)
    noise = "\n".join(
        "".join(rng.choices(string.printable[:94], k=rng.randint(1, 90)))
        for _ in range(800)
    )
    upload = tmp_path / "scan-output.txt"
    upload.write_text(noise, encoding="utf-8")
    UserFactory(username="songyutong", role=roles.EDITOR)

    login("songyutong")
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.get_by_role("link", name="导入版面").click()
    page.get_by_label("版面文字文件（.txt）").set_input_files(upload)
    page.get_by_role("button", name="解析并预览").click()

    error = page.locator(".errornote, .errorlist").first
    expect(error).to_be_visible()
    expect(page.locator("#content")).to_contain_text(
        "这不像是报纸版面，没有导入任何内容"
    )
    expect(page.locator("#content")).to_contain_text("只有 0 个汉字")
    expect(page.locator(".nr-import-preview")).to_have_count(0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "06-import-noise-refused.png", full_page=True)
    assert Article.objects.count() == 0
