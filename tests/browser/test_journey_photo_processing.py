"""A photo uploaded through the bulk upload is 处理中 until the background
worker has made its renditions, then shows its thumbnail. Tasks wait in the
database as `make run` has them; between the steps the test runs the worker
itself (`manage.py db_worker --batch`, which processes what is queued and
exits), as the worker beside the server would."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts import roles
from articles.models import Photo

from .. import images
from ..factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bulk_uploaded_photo_is_processing_then_shows_its_thumbnail(
    page, live_server, login, screenshot, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    UserFactory(username="reporter1", role=roles.REPORTER)
    login("reporter1")

    page.locator("tr.model-photo th a").first.click()
    page.get_by_role("link", name="批量上传").click()
    page.locator("#id_files").set_input_files(
        {
            "name": "大赛全景.jpg",
            "mimeType": "image/jpeg",
            "buffer": images.jpeg(size=(3000, 2000), colour=(40, 120, 200)),
        }
    )
    page.fill("#id_caption", "江城职工技能大赛决赛全景")
    page.locator("#photo_upload_form input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("已上传 1 张图片")
    uploaded = page.locator(".nr-uploaded-grid li")
    expect(uploaded.locator(".nr-processing")).to_have_text("处理中")
    expect(uploaded.locator("img")).to_have_count(0)
    screenshot("photo-processing-01-bulk-uploaded")

    # The library lists it as 处理中, and so does its own page.
    page.get_by_role("link", name="图片", exact=True).first.click()
    row = page.locator("#result_list tbody tr", has_text="江城职工技能大赛决赛全景")
    expect(row.locator(".nr-processing")).to_have_text("处理中")
    screenshot("photo-processing-02-library-processing")
    row.get_by_role("link", name="江城职工技能大赛决赛全景").click()
    expect(page.locator(".field-processing")).to_contain_text("处理中")

    # The worker beside the server takes the queued task.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert Photo.objects.get().status == Photo.READY

    page.get_by_role("link", name="图片", exact=True).first.click()
    row = page.locator("#result_list tbody tr", has_text="江城职工技能大赛决赛全景")
    thumbnail = row.locator("img.nr-thumb")
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_js_property("naturalWidth", 320)  # loaded
    expect(row.locator(".nr-processing")).to_have_count(0)
    screenshot("photo-processing-03-library-ready")
    row.get_by_role("link", name="江城职工技能大赛决赛全景").click()
    expect(page.locator(".field-processing")).to_contain_text("可用")
    expect(page.locator(".nr-focal img")).to_have_js_property("naturalWidth", 960)
    screenshot("photo-processing-04-photo-ready")
