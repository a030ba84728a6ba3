"""稿费: the fee rules (joint split, minimums, weights), rate versions and
frozen fees, adjustments, statements, and every fee form's bad inputs."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts import roles
from fees import compute, rules, statements
from fees.models import Fee, FeeAdjustment, RateTable, Statement

from .factories import (
    ArticleFactory,
    CorrespondentFactory,
    CreditFactory,
    OrganisationFactory,
    UserFactory,
)


class Rate:
    """A rate table without the database, for the pure rules."""

    def __init__(self, **kw):
        self.per_thousand_story = Decimal(kw.get("story", "100"))
        self.per_thousand_brief = Decimal(kw.get("brief", "80"))
        self.per_thousand_photo = Decimal("50")
        self.per_thousand_column = Decimal("150")
        self.minimum = Decimal(kw.get("minimum", "30"))
        self.per_photo = Decimal(kw.get("per_photo", "40"))
        self.lead_weight = Decimal("1.5")
        self.front_page_weight = Decimal("1.2")

    def per_thousand(self, kind):
        return getattr(self, f"per_thousand_{kind}")


def facts(**kw):
    base = {"kind": "story", "chars": 1000, "photos": 0, "page": 3, "is_lead": False}
    return rules.Facts(**{**base, **kw})


# ------------------------------------------------------------ the rules


def test_per_thousand_characters_by_kind():
    assert rules.story_fee(facts(chars=1500), Rate()).fen == 15000
    assert rules.story_fee(facts(kind="brief", chars=500), Rate()).fen == 4000


def test_minimum_per_piece_raises_a_short_story():
    short = rules.story_fee(facts(chars=120), Rate(minimum="30"))
    assert short.fen == 3000
    assert "最低30" in short.basis
    # Above the minimum the words count.
    assert rules.story_fee(facts(chars=400), Rate(minimum="30")).fen == 4000


def test_photos_are_paid_each_and_weights_apply_once():
    reckoning = rules.story_fee(facts(chars=1000, photos=2), Rate())
    assert reckoning.fen == 100_00 + 2 * 40_00
    lead = rules.story_fee(facts(chars=1000, is_lead=True, page=1), Rate())
    assert lead.fen == 150_00  # 头条 wins over the front-page weight
    front = rules.story_fee(facts(chars=1000, page=1), Rate())
    assert front.fen == 120_00


def test_equal_split_adds_up_to_the_fen():
    parts = rules.split(10000, rules.weights(3, "equal", Decimal(2)))
    assert parts == [3334, 3333, 3333]
    assert sum(parts) == 10000


def test_first_name_weighted_split_adds_up():
    shares = rules.weights(3, "first", Decimal("2"))
    parts = rules.split(10001, shares)
    assert sum(parts) == 10001
    assert parts[0] == 5001 and parts[1] == parts[2] == 2500
    # One name takes everything whatever the rule.
    assert rules.split(777, rules.weights(1, "first", Decimal(3))) == [777]


@pytest.mark.parametrize("total", [0, 1, 2, 99, 100, 12345, 99999])
@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_split_always_adds_up(total, count):
    for rule in ("equal", "first"):
        parts = rules.split(total, rules.weights(count, rule, Decimal("1.5")))
        assert sum(parts) == total and min(parts) >= 0


def test_bad_rule_inputs_are_refused():
    with pytest.raises(ValueError):
        rules.weights(0, "equal", Decimal(1))
    with pytest.raises(ValueError):
        rules.split(-1, [Decimal(1)])
    with pytest.raises(ValueError):
        rules.story_fee(facts(chars=-5), Rate())


# ------------------------------------------------- versions and freezing


def make_rate(**kw):
    values = {
        "per_thousand_story": Decimal("100"),
        "per_thousand_photo": Decimal("50"),
        "per_thousand_brief": Decimal("80"),
        "per_thousand_column": Decimal("150"),
        "minimum": Decimal("30"),
        "per_photo": Decimal("40"),
    }
    values.update(kw)
    version = (RateTable.objects.count()) + 1
    return RateTable.objects.create(version=version, **values)


def printed_story(people, chars=1000, page=3, day=date(2026, 10, 12)):
    story = ArticleFactory(
        body="<p>" + "字" * chars + "</p>", print_date=day, print_page=page
    )
    for i, person in enumerate(people):
        CreditFactory(article=story, correspondent=person, position=i)
    return story


@pytest.fixture
def two_people(db):
    unit = OrganisationFactory(name="江城市总工会")
    return [
        CorrespondentFactory(name="宋雨桐", affiliation=unit),
        CorrespondentFactory(name="顾嘉铭"),
    ]


def test_fee_is_frozen_with_its_rate_version(two_people):
    first = make_rate(split="first", first_weight=Decimal("3"))
    ArticleFactory(print_date=date(2026, 10, 12), print_page=3)  # the page's lead
    story = printed_story(two_people, chars=1000)
    fees = compute.compute_for(story.pk, when="print")
    assert [f.amount for f in fees] == [Decimal("75.00"), Decimal("25.00")]
    assert {f.rate_id for f in fees} == {first.pk}
    assert fees[0].month == date(2026, 10, 1) and fees[0].share == "3/4"
    # A new rate version leaves the old fees alone, and computing again
    # returns the frozen ones.
    make_rate(per_thousand_story=Decimal("500"))
    again = compute.compute_for(story.pk, when="print")
    assert [f.amount for f in again] == [Decimal("75.00"), Decimal("25.00")]
    assert Fee.objects.filter(article=story).count() == 2


def test_new_fees_use_the_newest_version(two_people):
    make_rate()
    newest = make_rate(per_thousand_story=Decimal("200"), minimum=Decimal("0"))
    ArticleFactory(print_date=date(2026, 10, 12), print_page=3)
    story = printed_story(two_people[:1], chars=500)
    (fee,) = compute.compute_for(story.pk, when="print")
    assert fee.rate == newest and fee.amount == Decimal("100.00")


def test_nothing_is_computed_before_it_is_due_or_without_rates(two_people):
    story = ArticleFactory()
    CreditFactory(article=story, correspondent=two_people[0])
    make_rate()
    assert compute.compute_for(story.pk, when="print") == []
    assert compute.compute_for(story.pk, when="publish") == []
    RateTable.objects.all().delete()
    printed = printed_story(two_people)
    assert compute.compute_for(printed.pk, when="print") == []
    assert printed in compute.missing("print")


def test_lead_of_its_page_gets_the_lead_weight(two_people):
    make_rate()
    lead = printed_story(two_people[:1], chars=1000, page=2)
    (fee,) = compute.compute_for(lead.pk, when="print")
    assert fee.amount == Decimal("150.00") and "头条" in fee.basis


# ------------------------------------------------------------ statements


def test_statement_generated_adjusted_and_paid(two_people):
    make_rate()
    ArticleFactory(print_date=date(2026, 10, 12), print_page=3)
    story = printed_story(two_people, chars=1000)
    compute.compute_for(story.pk, when="print")
    made = statements.generate(date(2026, 10, 1))
    assert len(made) == 2
    song = Statement.objects.get(correspondent=two_people[0])
    assert song.total() == Decimal("50.00")
    finance = UserFactory(role=roles.FINANCE)
    paid = statements.mark_paid(song, by=finance)
    assert paid.paid_total == Decimal("50.00")
    with pytest.raises(statements.Refused):
        statements.mark_paid(song, by=finance)


# ---------------------------------------------------- pages and bad input


@pytest.fixture
def fee(two_people):
    make_rate()
    ArticleFactory(print_date=date(2026, 10, 12), print_page=3)
    story = printed_story(two_people, chars=1000)
    return compute.compute_for(story.pk, when="print")[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "", "reason": "补发"}, "请填写调整后的金额"),
        ({"amount": "abc", "reason": "补发"}, "金额必须是数字"),
        ({"amount": "-1", "reason": "补发"}, "金额不能为负"),
        ({"amount": "1.234", "reason": "补发"}, "最多精确到分"),
        ({"amount": "999999", "reason": "补发"}, "不能超过 100000 元"),
        ({"amount": "60", "reason": ""}, "必须写明理由"),
        ({"amount": "60", "reason": " 补 "}, "至少 2 个字"),
        ({"amount": "60", "reason": "理" * 201}, "最多 200 字"),
        ({"amount": "50.00", "reason": "没有变化"}, "无需调整"),
    ],
)
def test_adjust_form_refuses_bad_input(client, fee, data, message):
    client.force_login(UserFactory(role=roles.EDITOR))
    response = client.post(reverse("admin:fees_fee_adjust", args=[fee.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    fee.refresh_from_db()
    assert fee.amount == Decimal("50.00") and not FeeAdjustment.objects.exists()


def test_adjust_is_logged_and_refused_once_paid(client, fee):
    editor = UserFactory(role=roles.EDITOR)
    client.force_login(editor)
    url = reverse("admin:fees_fee_adjust", args=[fee.pk])
    client.post(url, {"amount": "80", "reason": "独家线索，加发"})
    fee.refresh_from_db()
    (log,) = FeeAdjustment.objects.all()
    assert (log.before, log.after, log.by) == (
        Decimal("50.00"),
        Decimal("80.00"),
        editor,
    )
    assert fee.computed == Decimal("50.00") and fee.amount == Decimal("80.00")
    statements.generate(fee.month)
    fee.refresh_from_db()
    statements.mark_paid(fee.statement, by=editor)
    response = client.post(url, {"amount": "90", "reason": "再加"})
    assert "已付款，不能再调整" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"month": "2026/13"}, "月份格式应为"),
        ({"month": "abcd-ef"}, "月份格式应为"),
        ({"month": "2026-11", "by": "desk"}, "只能是按个人或按单位"),
        ({"month": ""}, "请填写月份"),
    ],
)
def test_month_form_refuses_bad_input(client, fee, query, message):
    client.force_login(UserFactory(role=roles.FINANCE))
    url = reverse("admin:fees_statement_month")
    assert message in client.get(url, query).content.decode()
    response = client.post(url, query)
    assert message in response.content.decode()
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-11-30", "end": "2026-11-01", "group": "person"}, "不能晚于"),
        ({"start": "昨天", "end": "2026-11-01", "group": "person"}, "有效的起始日期"),
        ({"start": "2000-01-01", "end": "2026-11-01", "group": "person"}, "最长十年"),
        (
            {"start": "2026-11-01", "end": "2026-11-30", "group": "colour"},
            "没有这种分组方式",
        ),
    ],
)
def test_stats_form_refuses_bad_input(client, fee, query, message):
    client.force_login(UserFactory(role=roles.FINANCE))
    response = client.get(reverse("admin:fees_fee_stats"), query)
    assert response.status_code == 200 and message in response.content.decode()


def test_statement_pages_print_and_download(client, fee):
    client.force_login(UserFactory(role=roles.FINANCE))
    url = reverse("admin:fees_statement_month")
    client.post(url, {"month": "2026-10", "by": "person"})
    page = client.get(url, {"month": "2026-10", "print": "1"}).content.decode()
    assert "宋雨桐" in page and "顾嘉铭" in page and "100.00" in page
    xlsx = client.get(url, {"month": "2026-10", "by": "unit", "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")

    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "单位"
    assert ("江城市总工会", 1, 1, 50, 0) in rows


def test_correspondent_sees_only_their_own_fees(client, fee, two_people):
    own = UserFactory(role=roles.CORRESPONDENT)
    two_people[1].user = own
    two_people[1].save()
    client.force_login(own)
    listing = client.get(reverse("admin:fees_fee_changelist")).content.decode()
    assert "顾嘉铭" in listing and "宋雨桐" not in listing
    assert client.get(reverse("admin:fees_statement_month")).status_code == 403
    mine = client.get(reverse("admin:fees_fee_mine")).content.decode()
    assert "见报：2026年10月12日 第3版" in mine


def test_placement_on_a_page_decides_lead_and_front_page(two_people):
    from articles.models import Edition, Page

    make_rate()
    edition = Edition.objects.create(date=date(2026, 10, 20), number=18001)
    front = Page.objects.create(edition=edition, number=1, name="要闻")
    second = ArticleFactory(
        body="<p>" + "字" * 1000 + "</p>", page=front, page_position=2
    )
    lead = ArticleFactory(
        body="<p>" + "字" * 1000 + "</p>", page=front, page_position=1
    )
    for story in (second, lead):
        CreditFactory(article=story, correspondent=two_people[0])
    (lead_fee,) = compute.compute_for(lead.pk, when="print")
    (front_fee,) = compute.compute_for(second.pk, when="print")
    assert lead_fee.amount == Decimal("150.00")  # 头条 ×1.5
    assert front_fee.amount == Decimal("120.00")  # 一版 ×1.2
    assert lead_fee.month == date(2026, 10, 1)
    from fees.stats import story_state

    assert story_state(lead) == "见报：2026年10月20日 第1版 要闻 头条"


def test_demo_fees_make_a_statement_once(two_people):
    from fees import demo

    from .factories import PublishedArticleFactory

    story = PublishedArticleFactory(body="<p>" + "字" * 600 + "</p>")
    CreditFactory(article=story, correspondent=two_people[0])
    editor = UserFactory(role=roles.EDITOR)
    assert demo.make(editor, password="demo-password-1") is None
    demo.make(editor)  # again: nothing twice
    assert RateTable.objects.count() == 2
    (fee,) = Fee.objects.all()
    assert fee.amount == fee.computed + Decimal("50.00")  # the adjusted one
    assert FeeAdjustment.objects.count() == 1
    assert Statement.objects.get().fees.get() == fee


def test_statistics_by_person_unit_and_desk(two_people):
    from accounts.models import Desk
    from fees import stats

    desk = Desk.objects.create(name="经济部")
    ArticleFactory(print_date=date(2026, 10, 12), print_page=3)  # the lead
    joint = printed_story(two_people, chars=700)
    joint.desk = desk
    joint.save()
    photo = ArticleFactory(kind="photo", body="<p>图</p>")
    CreditFactory(article=photo, correspondent=two_people[0])
    CreditFactory(article=photo, correspondent=two_people[0], position=1)
    # The newsroom's date (Asia/Shanghai), which is not UTC's after 16:00 UTC.
    from django.utils import timezone

    today = timezone.localdate(joint.created_at)
    start, end = min(today, date(2026, 10, 1)), max(today, date(2026, 10, 31))

    people = {row.label: row.figures for row in stats.table(start, end, "person")}
    # The joint story counts in full for each; the photo story once for 宋雨桐
    # although she is on its byline twice.
    assert people["宋雨桐"]["filed"] == 2 and people["顾嘉铭"]["filed"] == 1
    assert people["宋雨桐"]["printed"] == people["顾嘉铭"]["printed"] == 1
    assert people["宋雨桐"]["photo"] == 1 and people["顾嘉铭"]["photo"] == 0
    assert people["顾嘉铭"]["chars"] == 700 and people["顾嘉铭"]["used"] == 1
    assert people["宋雨桐"]["lead"] == 0

    units = {row.label: row.figures for row in stats.table(start, end, "unit")}
    assert units["江城市总工会"]["filed"] == 2 and units["（无单位）"]["filed"] == 1

    desks = {row.label: row.figures for row in stats.table(start, end, "desk")}
    assert desks["经济部"]["filed"] == 1  # once, though two people are on it
    assert desks["（未分部门）"]["filed"] == 1


def test_statistics_export_csv_and_xlsx(client, fee):
    import io

    from openpyxl import load_workbook

    client.force_login(UserFactory(role=roles.EDITOR))
    url = reverse("admin:fees_fee_stats")
    query = {"start": "2026-01-01", "end": "2026-12-31", "group": "person"}
    text = client.get(url, {**query, "format": "csv"}).content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("署名人,单位,发稿,采用,上网,见报,头条")
    assert any(line.startswith("宋雨桐,江城市总工会,") for line in text.splitlines())
    xlsx = client.get(url, {**query, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0][:3] == ("署名人", "单位", "发稿")
    assert {row[0] for row in rows[1:]} == {"宋雨桐", "顾嘉铭"}


RATE_FORM = {
    "note": "新标准",
    "per_thousand_story": "120",
    "per_thousand_photo": "60",
    "per_thousand_brief": "90",
    "per_thousand_column": "160",
    "minimum": "35",
    "per_photo": "45",
    "lead_weight": "1.5",
    "front_page_weight": "1.2",
    "split": "equal",
    "first_weight": "2",
}


def test_editing_rates_makes_a_new_version_and_keeps_fees(client, fee):
    finance = UserFactory(role=roles.FINANCE)
    client.force_login(finance)
    first = RateTable.objects.get()
    url = reverse("admin:fees_ratetable_change", args=[first.pk])
    response = client.post(url, RATE_FORM)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.per_thousand_story == Decimal("100")  # the old row as it was
    newest = RateTable.current()
    assert newest.version == 2 and newest.per_thousand_story == Decimal("120")
    assert newest.created_by == finance
    fee.refresh_from_db()
    assert fee.rate == first and fee.amount == Decimal("50.00")
    # The old version is read-only now; nobody deletes a version.
    assert client.post(url, RATE_FORM).status_code == 403
    delete = reverse("admin:fees_ratetable_delete", args=[newest.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("per_thousand_story", "-10"),
        ("per_thousand_story", "一百"),
        ("minimum", ""),
        ("per_photo", "1e400"),
        ("lead_weight", "0"),
        ("lead_weight", "11"),
        ("first_weight", "0.5"),
        ("split", "random"),
        ("note", "注" * 201),
    ],
)
def test_rate_form_refuses_bad_input(client, db, field, value):
    client.force_login(UserFactory(role=roles.FINANCE))
    response = client.post(
        reverse("admin:fees_ratetable_add"), {**RATE_FORM, field: value}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not RateTable.objects.exists()


def test_missing_list_computes_what_was_left(client, two_people):
    editor = UserFactory(role=roles.EDITOR)
    client.force_login(editor)
    story = printed_story(two_people)  # printed while there was no rate table
    url = reverse("admin:fees_fee_missing")
    assert "没有漏发的稿费" not in client.get(url).content.decode()
    response = client.post(url, {"story": [str(story.pk)]}, follow=True)
    assert "0 篇稿件计算稿费" in response.content.decode()  # still no rates
    make_rate()
    client.post(url, {"story": ["x", str(story.pk)]})
    assert Fee.objects.filter(article=story).count() == 2
    assert "没有漏发的稿费" in client.get(url).content.decode()
    nothing = client.post(url, {}, follow=True).content.decode()
    assert "请先勾选" in nothing


def test_finance_pays_but_neither_adjusts_nor_sees_stories(client, fee):
    client.force_login(UserFactory(role=roles.FINANCE))
    assert client.get(reverse("admin:fees_fee_changelist")).status_code == 200
    assert client.get(reverse("admin:fees_statement_month")).status_code == 200
    adjust = reverse("admin:fees_fee_adjust", args=[fee.pk])
    assert client.post(adjust, {"amount": "1", "reason": "试试"}).status_code == 403
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 403
    fee.refresh_from_db()
    assert fee.amount == Decimal("50.00")


def test_person_statement_xlsx_lists_each_fee_and_defuses_formulas(client, fee):
    import io

    from openpyxl import load_workbook

    fee.article.headline = '=HYPERLINK("http://x")'
    fee.article.save()
    client.force_login(UserFactory(role=roles.FINANCE))
    url = reverse("admin:fees_statement_month")
    client.post(url, {"month": "2026-10"})
    xlsx = client.get(url, {"month": "2026-10", "by": "person", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0] == (
        "署名人",
        "单位",
        "稿件",
        "计算依据",
        "份额",
        "金额（元）",
        "结算单状态",
    )
    assert len(rows) == 3  # one line per fee
    assert '\'=HYPERLINK("http://x")' in {row[2] for row in rows}
    assert sum(row[5] for row in rows[1:]) == 100


def test_merging_people_moves_unpaid_fees_and_stops_at_statements(fee, two_people):
    from accounts.merge import MergeError, merge_people

    song, gu = two_people
    duplicate = CorrespondentFactory(name="宋雨桐")
    story = printed_story([duplicate], chars=300, day=date(2026, 10, 13))
    (dup_fee,) = compute.compute_for(story.pk, when="print")
    merge_people(duplicate, song)
    dup_fee.refresh_from_db()
    assert dup_fee.correspondent == song

    again = CorrespondentFactory(name="顾嘉铭")
    later = printed_story([again], chars=300, day=date(2026, 10, 14))
    compute.compute_for(later.pk, when="print")
    statements.generate(date(2026, 10, 1))
    with pytest.raises(MergeError, match="已有稿费结算单"):
        merge_people(again, gu)
    assert Fee.objects.filter(correspondent=again).count() == 1
