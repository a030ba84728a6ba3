"""The story form's photo chooser and the photo admin's focal point: search,
upload inside the chooser with the photo desk's checks, the photo id the story
form accepts, and the focal point's bounds."""

import json
import re

import pytest
from django.urls import reverse

from accounts import roles
from articles.models import Article, ArticlePhoto, Photo

from . import images as files
from .factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    CorrespondentFactory,
    CreditFactory,
    PhotoFactory,
    jpeg_bytes,
)
from .html_structure import problems
from .workflow_helpers import change_form

CHOOSER = "admin:articles_photo_chooser"
UPLOAD = "admin:articles_photo_chooser_upload"


@pytest.fixture
def reporter(client, role_user):
    user = role_user(roles.REPORTER)
    client.force_login(user)
    return user


def results(client, **params):
    response = client.get(reverse(CHOOSER), {"results": "1", **params})
    assert response.status_code == 200
    page = response.content.decode()
    return page, [
        int(chunk.split('"', 1)[0]) for chunk in page.split('data-photo-id="')[1:]
    ]


def test_chooser_lists_thumbnails_newest_first(client, reporter):
    older = PhotoFactory(caption="旧图")
    newer = PhotoFactory(caption="新图")
    response = client.get(reverse(CHOOSER))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(f'data-photo-id="{newer.pk}"') < page.index(
        f'data-photo-id="{older.pk}"'
    )
    assert newer.rendition_url(320, "jpg") in page
    assert "搜索图片" in page and "上传新图片" in page
    assert not problems(f"<!doctype html><title>t</title><body>{page}</body>")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("焊工", {"welder"}),
        ("陈立新", {"welder"}),  # the photo's credit
        ("技能比武", {"welder", "market"}),  # a tag
        ("菜场", {"market"}),  # alt text
        ("焊工 技能比武", {"welder"}),  # every word must match
        ("  ", {"welder", "market", "other"}),
        ("没有这张", set()),
    ],
)
def test_chooser_search_by_caption_credit_tag_and_alt_text(
    client, reporter, query, expected
):
    welder = PhotoFactory(caption="焊工决赛现场。", alt_text="焊工在操作")
    CreditFactory(photo=welder, correspondent__name="陈立新", role="photo")
    welder.tags.add("技能比武")
    market = PhotoFactory(caption="早市一角", alt_text="菜场的早晨")
    market.tags.add("技能比武决赛")
    other = PhotoFactory(caption="雪后街景", alt_text="街道")
    names = {welder.pk: "welder", market.pk: "market", other.pk: "other"}
    page, found = results(client, q=query)
    assert {names[pk] for pk in found} == expected
    assert len(found) == len(set(found))  # a photo with two matching tags once
    if not expected:
        assert "没有找到图片" in page


def test_chooser_pages_through_a_large_library(client, reporter):
    photos = [PhotoFactory(caption=f"图{n}") for n in range(30)]
    _, first = results(client)
    _, second = results(client, page="2")
    assert len(first) == 24 and len(second) == 6
    assert set(first) | set(second) == {p.pk for p in photos}


def test_chooser_needs_a_staff_login(client, db):
    response = client.get(reverse(CHOOSER))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(reverse(UPLOAD), {"image": files.upload(files.jpeg())})
    assert response.status_code == 302
    assert not Photo.objects.exists()


def upload(client, data, name="photo.jpg", **fields):
    return client.post(
        reverse(UPLOAD), {"image": files.upload(data, name), "caption": "", **fields}
    )


def test_upload_in_the_chooser_returns_the_photo_to_choose(client, reporter):
    response = upload(
        client,
        files.jpeg_with_exif(size=(80, 60)),
        caption="职工书屋开放",
        alt_text="读者在书架前",
        tags="书屋，阅读",
    )
    assert response.status_code == 201, response.content.decode()
    photo = Photo.objects.get()
    data = response.json()["photo"]
    assert data["id"] == photo.pk
    assert data["thumbnail"] == photo.rendition_url(320, "jpg")
    assert photo.caption == "职工书屋开放" and photo.alt_text == "读者在书架前"
    assert set(photo.tags.names()) == {"书屋", "阅读"}
    assert photo.uploaded_by == reporter
    assert photo.taken_at is not None  # read from the EXIF
    assert (photo.width, photo.height) == (80, 60)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "page.jpg", "网页或脚本"),
        (b"not an image at all, just text", "notes.jpg", ""),
        (b"", "empty.jpg", "空文件"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "logo.svg",
            "SVG",
        ),
    ],
)
def test_upload_in_the_chooser_refuses_what_is_not_an_image(
    client, reporter, data, name, message
):
    response = upload(client, data, name, caption="说明要留着")
    assert response.status_code == 200
    body = response.json()
    errors = " ".join(body["errors"]["image"])
    assert message in errors
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors)  # said in Chinese
    assert "请按提示修改" in body["message"]
    assert body["duplicate"] is None
    assert not Photo.objects.exists()


def test_upload_in_the_chooser_refuses_a_file_too_large(client, reporter, settings):
    settings.NEWSROOM_PHOTO_MAX_BYTES = 1024
    response = upload(client, files.jpeg(size=(400, 300)))
    assert response.status_code == 200
    assert "超过了" in response.json()["errors"]["image"][0]
    assert not Photo.objects.exists()


def test_upload_of_a_duplicate_offers_the_photo_already_there(client, reporter):
    data = jpeg_bytes(size=(70, 50), colour=(1, 2, 3))
    first = upload(client, data, caption="第一次")
    assert first.status_code == 201
    existing = Photo.objects.get()
    again = upload(client, data, "again.jpg", caption="第二次")
    assert again.status_code == 200
    body = again.json()
    assert "已经上传过" in body["errors"]["image"][0]
    assert body["duplicate"]["id"] == existing.pk
    assert body["duplicate"]["thumbnail"] == existing.rendition_url(320, "jpg")
    assert Photo.objects.count() == 1


def test_upload_in_the_chooser_needs_the_add_permission(client, role_user):
    user = role_user(roles.REPORTER)
    user.groups.clear()
    user.is_staff = True
    user.save()
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_photo"))
    client.force_login(user)
    assert client.get(reverse(CHOOSER)).status_code == 200
    assert "上传新图片" not in client.get(reverse(CHOOSER)).content.decode()
    assert upload(client, files.jpeg()).status_code == 403
    assert not Photo.objects.exists()


def test_upload_view_answers_only_post(client, reporter):
    assert client.get(reverse(UPLOAD)).status_code == 405


# ------------------------------------------------------------ story form


def story_with_photo_rows(article, rows):
    data = change_form(
        article,
        **{
            "article_photos-TOTAL_FORMS": str(len(rows)),
            "article_photos-INITIAL_FORMS": "0",
        },
    )
    for index, (photo_id, caption) in enumerate(rows):
        data[f"article_photos-{index}-photo"] = str(photo_id)
        data[f"article_photos-{index}-caption"] = caption
        data[f"article_photos-{index}-position"] = ""
    return data


def test_story_form_shows_the_chooser_not_a_raw_id(client, reporter):
    photo = PhotoFactory(caption="焊工决赛现场。")
    article = ArticleFactory(created_by=reporter)
    ArticlePhotoFactory(article=article, photo=photo)
    page = client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert 'class="related-lookup"' not in page
    assert "选择图片" in page and "更换" in page and "移除" in page
    assert photo.rendition_url(320, "jpg") in page  # the row's thumbnail
    assert reverse(CHOOSER) in page
    assert "js/photo-chooser.js" in page


def test_story_form_attaches_chosen_photos_with_captions(client, reporter):
    one, two = PhotoFactory(), PhotoFactory()
    article = ArticleFactory(created_by=reporter)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        story_with_photo_rows(article, [(two.pk, "第二张在前"), (one.pk, "")]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    uses = list(article.article_photos.order_by("position"))
    assert [(u.photo, u.caption, u.position) for u in uses] == [
        (two, "第二张在前", 1),
        (one, "", 2),
    ]


@pytest.mark.parametrize("forged", ["999999", "abc", "-1", "1 OR 1=1"])
def test_story_form_refuses_a_forged_photo_id(client, reporter, forged):
    PhotoFactory()
    article = ArticleFactory(created_by=reporter, headline="原来的标题")
    data = story_with_photo_rows(article, [(forged, "说明")])
    data["headline"] = "改过的标题"
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "所选图片不存在或已被删除，请重新选择。" in page
    assert "改过的标题" in page  # what was typed is still on the form
    assert not ArticlePhoto.objects.exists()
    article.refresh_from_db()
    assert article.headline == "原来的标题"


def test_story_form_refuses_the_same_photo_twice(client, reporter):
    photo = PhotoFactory()
    article = ArticleFactory(created_by=reporter)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        story_with_photo_rows(article, [(photo.pk, "一"), (photo.pk, "二")]),
    )
    assert response.status_code == 200
    assert not ArticlePhoto.objects.exists()


def test_removing_a_photo_takes_it_out_of_the_story_only(client, reporter):
    photo = PhotoFactory()
    article = ArticleFactory(created_by=reporter)
    use = ArticlePhotoFactory(article=article, photo=photo, position=1)
    data = change_form(
        article,
        **{
            "article_photos-TOTAL_FORMS": "1",
            "article_photos-INITIAL_FORMS": "1",
            "article_photos-0-id": str(use.pk),
            "article_photos-0-article": str(article.pk),
            "article_photos-0-photo": "",  # 移除 clears it and ticks DELETE
            "article_photos-0-caption": "",
            "article_photos-0-position": "1",
            "article_photos-0-DELETE": "on",
        },
    )
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not ArticlePhoto.objects.exists()
    assert Photo.objects.filter(pk=photo.pk).exists()


# ------------------------------------------------------------ focal point


def photo_change_data(photo, **overrides):
    data = {
        "caption": photo.caption,
        "alt_text": photo.alt_text,
        "taken_at_0": "",
        "taken_at_1": "",
        "focal_x": "",
        "focal_y": "",
        "tags": "",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def desk_client(client, role_user):
    client.force_login(role_user(roles.DESK_CHIEF))
    return client


def test_photo_page_shows_the_picture_to_click_for_the_focal_point(desk_client):
    photo = PhotoFactory()
    page = desk_client.get(
        reverse("admin:articles_photo_change", args=[photo.pk])
    ).content.decode()
    assert 'class="nr-focal"' in page and photo.rendition_url(960, "jpg") in page
    assert 'type="hidden" name="focal_x"' in page
    assert 'type="hidden" name="focal_y"' in page
    assert "js/focal-point.js" in page
    assert "用方向键移动焦点" in page


@pytest.mark.parametrize(
    ("x", "y", "saved"),
    [
        ("0", "0", (0.0, 0.0)),
        ("1", "1", (1.0, 1.0)),
        ("0.25", "0.750", (0.25, 0.75)),
        ("", "", (None, None)),
    ],
)
def test_focal_point_inside_the_picture_is_saved(desk_client, x, y, saved):
    photo = PhotoFactory()
    response = desk_client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        photo_change_data(photo, focal_x=x, focal_y=y),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == saved


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ("1.2", "0.5", "焦点必须落在图片之内"),
        ("0.5", "-0.1", "焦点必须落在图片之内"),
        ("abc", "0.5", "焦点必须落在图片之内"),
        ("0.5", "", "焦点缺少一个坐标"),
    ],
)
def test_focal_point_outside_the_picture_is_refused(desk_client, x, y, message):
    photo = PhotoFactory(focal_x=0.5, focal_y=0.5)
    response = desk_client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        photo_change_data(photo, caption="改过的说明", focal_x=x, focal_y=y),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "改过的说明" in page
    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (0.5, 0.5)
    assert photo.caption != "改过的说明"


def test_photo_credit_search_finds_the_photographer(client, reporter):
    photographer = CorrespondentFactory(name="许航")
    photo = PhotoFactory(caption="无关的说明")
    CreditFactory(photo=photo, correspondent=photographer, role="photo")
    _, found = results(client, q="许航")
    assert found == [photo.pk]


def test_chooser_upload_answers_json_whatever_the_caption_holds(client, reporter):
    response = upload(client, files.jpeg(), caption='引号"和<尖括号>')
    assert response.status_code == 201
    assert json.loads(response.content)["photo"]["caption"] == '引号"和<尖括号>'
    assert Article.objects.count() == 0


def test_a_correspondent_chooses_and_uploads_from_the_chooser(client, role_user):
    client.force_login(role_user(roles.CORRESPONDENT))
    page = client.get(reverse(CHOOSER)).content.decode()
    assert "上传新图片" in page
    response = upload(client, files.jpeg(), caption="通讯员拍的现场")
    assert response.status_code == 201
    assert Photo.objects.get().caption == "通讯员拍的现场"


# ------------------------------------------------------------ photographer


def test_upload_in_the_chooser_credits_the_photographer(client, reporter):
    photographer = CorrespondentFactory(name="许航", kind="photographer")
    response = upload(
        client, files.jpeg(), caption="焊工决赛现场", photographer=photographer.pk
    )
    assert response.status_code == 201, response.content.decode()
    photo = Photo.objects.get()
    assert photo.credit_line() == "许航 摄"
    assert photo.credits.get().role == "photo"
    assert response.json()["photo"]["credit"] == "许航 摄"  # shown in the row


def test_chooser_offers_photographers_reporters_and_the_uploader(client, role_user):
    user = role_user(roles.CORRESPONDENT)
    own = CorrespondentFactory(name="宋佳", kind="correspondent", user=user)
    CorrespondentFactory(name="许航", kind="photographer")
    CorrespondentFactory(name="林晓峰", kind="staff")
    CorrespondentFactory(name="别的通讯员", kind="correspondent")
    CorrespondentFactory(name="江城市总工会", kind="organisation")
    CorrespondentFactory(name="停用的摄影", kind="photographer", is_active=False)
    client.force_login(user)
    page = client.get(reverse(CHOOSER)).content.decode()
    select = page[page.index('name="photographer"') : page.index("</select>")]
    offered = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select)
    assert offered[0] == ("", "（不署名）")
    assert {name for _, name in offered[1:]} == {"许航", "宋佳", "林晓峰"}
    assert f'<option value="{own.pk}" selected>' in select  # their own, first guess
    assert page.index('name="caption"') < page.index('name="photographer"')


def test_chooser_upload_without_a_photographer_leaves_no_credit(client, reporter):
    response = upload(client, files.jpeg(), photographer="")
    assert response.status_code == 201
    assert not Photo.objects.get().credits.exists()


@pytest.mark.parametrize("forged", ["999999", "abc", "inactive", "organisation"])
def test_chooser_upload_refuses_a_photographer_not_offered(client, reporter, forged):
    if forged == "inactive":
        forged = CorrespondentFactory(kind="photographer", is_active=False).pk
    elif forged == "organisation":
        forged = CorrespondentFactory(kind="organisation").pk
    response = upload(client, files.jpeg(), caption="说明要留着", photographer=forged)
    assert response.status_code == 200
    body = response.json()
    assert body["errors"]["photographer"] == ["所选摄影者不存在或已停用，请重新选择。"]
    assert not Photo.objects.exists()
