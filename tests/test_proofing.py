"""校对 before a story moves: the slips found in its text, the lexicon's
words found with one automaton (rebuilt when the lexicon changes), and the
workflow refusing a 禁用 word at submission and at every sign-off, asking the
signer to acknowledge 慎用 words and logging that they did."""

import random

import pytest

from articles import proofing, workflow
from articles.models import Article, ArticleEvent, SensitiveWord
from articles.proofing.slips import find_slips

from .factories import ArticleFactory
from .workflow_helpers import change_url, make_newsroom, step_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return make_newsroom()


def messages_of(text, *, spaces=True):
    return [slip.message for slip in find_slips("正文", text, spaces=spaces)]


# ----------------------------------------------------------------- slips


def test_half_width_punctuation_in_chinese_is_a_slip():
    found = find_slips("正文", "职工服务站,今天开放。")
    assert [s.message for s in found] == ["中文里用了半角标点「,」，应为「，」"]
    assert (found[0].before, found[0].text, found[0].after) == (
        "职工服务站",
        ",",
        "今天开放。",
    )


def test_numbers_addresses_and_latin_text_are_not_slips():
    assert messages_of("增长3.5个百分点，详见www.example.cn。") == []
    assert messages_of("He said: OK, fine.") == []


def test_doubled_punctuation_is_a_slip_but_ellipsis_and_dash_are_not():
    assert messages_of("会议召开，，职工参加。") == ["标点重复「，，」"]
    assert messages_of("会议召开。，职工参加。") == ["标点重复「。，」"]
    assert messages_of("真的吗？？") == ["标点重复「？？」"]
    assert messages_of("他说……然后——走了。") == []


def test_unbalanced_quotes_and_brackets_are_slips():
    assert messages_of("他说：“我们会做好。") == ["「“」没有配对的「”」"]
    assert messages_of("见《工人日报报道。") == ["「《」没有配对的「》」"]
    assert messages_of("（一）做好服务）") == ["「）」前面没有与之配对的「（」"]
    assert messages_of("他说：“读了《江城日报》（第2版）。”") == []


def test_a_space_between_han_characters_is_a_slip_except_in_headlines():
    assert messages_of("全市 新增服务站。") == ["汉字之间多了空格"]
    # A headline line separates its phrases with a space: the paper's style.
    assert messages_of("推出十全服务 优化人才环境", spaces=False) == []
    assert messages_of("用 Python 写程序。") == []


# ------------------------------------------------------------- the lexicon


def test_a_word_is_found_with_its_field_and_context():
    SensitiveWord.objects.create(word="某违禁词", replacement="合规说法")
    article = ArticleFactory(
        headline="江城新闻",
        body="<p>十一月二十三日，会上有人提到某违禁词两次，某违禁词。</p>",
    )
    report = proofing.check(article)
    assert len(report.banned) == 1
    hit = report.banned[0]
    assert (hit.word, hit.field, hit.count) == ("某违禁词", "正文", 2)
    assert hit.before.endswith("会上有人提到") and hit.after.startswith("两次")
    assert "建议改为“合规说法”" in str(hit)


def test_latin_words_match_whatever_their_case():
    SensitiveWord.objects.create(word="BadWord", level=SensitiveWord.Level.CAUTION)
    article = ArticleFactory(headline="关于badword的说明")
    report = proofing.check(article)
    assert [(h.text, h.field) for h in report.caution] == [("badword", "主题")]


def test_the_automaton_is_rebuilt_when_the_lexicon_changes():
    article = ArticleFactory(body="<p>某新词出现在正文里。</p>")
    assert proofing.check(article).banned == []
    first = proofing.matcher()
    assert proofing.matcher() is first  # unchanged lexicon: the same automaton
    word = SensitiveWord.objects.create(word="某新词")
    assert [h.word for h in proofing.check(article).banned] == ["某新词"]
    word.level = SensitiveWord.Level.CAUTION
    word.save()
    report = proofing.check(article)
    assert report.banned == [] and [h.word for h in report.caution] == ["某新词"]
    word.delete()
    assert not proofing.check(article).caution


def test_the_automaton_finds_what_a_search_per_word_finds():
    rng = random.Random(7)
    han = "工会职工服务站江城市新增开展活动"
    entries = [
        proofing.Entry("".join(rng.choices(han, k=rng.randint(1, 4))), "banned")
        for _ in range(300)
    ]
    entries = list({e.word: e for e in entries}.values())
    text = "".join(rng.choices(han + "，。", k=2000))

    def key(matches):
        return sorted((m.start, m.end, m.entry.word) for m in matches)

    found = proofing.Matcher(entries).find(text)
    assert found and key(found) == key(proofing.naive_find(entries, text))


# ----------------------------------------------------------- the workflow


def test_a_banned_word_refuses_submission_naming_it_and_where(people):
    SensitiveWord.objects.create(word="某违禁词")
    article = people.story("draft", body="<p>记者了解到某违禁词的情况。</p>")
    with pytest.raises(workflow.NotAllowed) as refusal:
        workflow.submit(article, by=people.author)
    assert "「某违禁词」（正文：“记者了解到某违禁词的情况。”" in str(refusal.value)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_banned_word_refuses_every_sign_off(people):
    article = people.story("stage2", headline="江城某违禁词新闻")
    SensitiveWord.objects.create(word="某违禁词")
    with pytest.raises(workflow.NotAllowed, match="主题"):
        workflow.approve(article, by=people.desk)
    article.refresh_from_db()
    assert (article.status, article.stage) == (Article.Status.SUBMITTED, 2)
    assert not article.events.filter(action="approve", actor=people.desk).exists()


def test_a_caution_word_must_be_acknowledged_and_that_is_logged(people):
    SensitiveWord.objects.create(
        word="某慎用词", level=SensitiveWord.Level.CAUTION, replacement="别的说法"
    )
    article = people.story("draft", body="<p>文中提到某慎用词。</p>")
    workflow.submit(article, by=people.author)  # a warning does not stop filing
    with pytest.raises(workflow.NotAllowed, match="请核实后勾选“已核实慎用词提示”"):
        workflow.approve(article, by=people.editor)
    workflow.approve(article, by=people.editor, acknowledged=True)
    article.refresh_from_db()
    assert article.stage == 2
    ack = ArticleEvent.objects.get(article=article, action="acknowledge")
    assert ack.actor == people.editor and ack.stage_label == "初审"
    assert "「某慎用词」（正文" in ack.comment and "别的说法" in ack.comment
    steps = [e.action for e in article.events.order_by("at", "pk")]
    assert steps[-2:] == ["acknowledge", "approve"]
    # Each signer acknowledges for themselves.
    with pytest.raises(workflow.NotAllowed):
        workflow.approve(article, by=people.desk)


def test_no_acknowledgement_is_logged_without_caution_words(people):
    article = people.story("stage1")
    workflow.approve(article, by=people.editor, acknowledged=True)
    assert not article.events.filter(action="acknowledge").exists()


def test_the_review_panel_shows_the_checks_and_takes_the_acknowledgement(
    people, client
):
    article = people.story("stage1", body="<p>文中提到某慎用词,还有“半句。</p>")
    SensitiveWord.objects.create(word="某慎用词", level=SensitiveWord.Level.CAUTION)
    client.force_login(people.editor)
    page = client.get(change_url(article)).content.decode()
    assert "校对提示" in page and "慎用词（审签前请核实）" in page
    assert 'name="workflow-acknowledged"' in page
    assert "中文里用了半角标点「,」" in page and "没有配对的" in page

    # Pressed without the box ticked: refused, said on the page.
    response = client.post(change_url(article), step_form(article, "approve"))
    assert response.status_code == 302
    page = client.get(change_url(article)).content.decode()
    assert "没有执行：稿件含有慎用词" in page
    article.refresh_from_db()
    assert article.stage == 1

    data = step_form(article, "approve", **{"workflow-acknowledged": "on"})
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.stage == 2
    assert article.events.filter(action="acknowledge", actor=people.editor).exists()


def test_an_editor_may_fix_the_word_and_sign_in_one_press(people, client):
    article = people.story("stage1", body="<p>文中提到某违禁词。</p>")
    SensitiveWord.objects.create(word="某违禁词")
    client.force_login(people.editor)
    data = step_form(article, "approve", body="<p>文中提到合规说法。</p>")
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.stage == 2 and "合规说法" in article.body


def test_an_imported_story_with_a_banned_word_stays_a_draft(people):
    from pathlib import Path

    from articles.importer import import_page

    page = Path(__file__).parent / "data" / "pages" / "page2-2026-11-30.txt"
    SensitiveWord.objects.create(word="工会答卷")
    report = import_page(
        page.read_text(encoding="utf-8"), status="submitted", user=people.editor
    )
    states = {a.headline: a.status for a in report.created}
    assert states["江城:以实干实绩交出职工满意的工会答卷"] == Article.Status.DRAFT
    assert Article.Status.SUBMITTED in states.values()  # the rest went in
    assert any(
        "留作草稿，没有提交审稿：稿件含有禁用词" in line and "「工会答卷」" in line
        for line in report.attention
    )
