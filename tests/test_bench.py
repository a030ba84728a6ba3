"""The bench's corpus and its command's refusals (`make bench` itself needs
PostgreSQL and wrk, and measures rather than tests)."""

from collections import Counter
from datetime import date
from statistics import median

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.bench import corpus, fill, search, server
from articles.models import Article
from articles.text import clean_text, count_characters, plain_text


def stories(seed, count=40):
    writer = corpus.Writer(seed)
    return [writer.story(date(2026, 11, 23)) for _ in range(count)]


def test_words_are_zipf_distributed():
    """In the stories' text the commonest verb is far commoner than the
    median one, as in a real archive."""
    text = "".join(story.plain for story in stories(1, 150))
    verbs = corpus.vocabulary().verbs.words
    counts = Counter({verb: text.count(verb) for verb in verbs})
    most = counts.most_common(1)[0][1]
    assert most > 20 * median(counts.values())
    # and the draw keeps the rank order: the first word beats the tenth
    assert counts[verbs[0]] > 3 * counts[verbs[9]]


def test_same_seed_same_stories_other_seed_others():
    first, again, other = stories(7, 5), stories(7, 5), stories(8, 5)
    assert [s.body for s in first] == [s.body for s in again]
    assert [s.headline for s in first] == [s.headline for s in again]
    assert [s.body for s in first] != [s.body for s in other]


def test_stories_are_text_the_product_would_store():
    sanitise = Article._meta.get_field("body").sanitize
    for story in stories(3, 60):
        body = story.body
        assert sanitise(body) == body
        assert plain_text(body) == story.plain
        assert corpus.BODY_MIN <= len(story.plain) <= corpus.BODY_MAX
        assert count_characters(body) >= corpus.BODY_MIN * 0.9
        assert story.plain.startswith("11月23日，")
        assert body.startswith("<p>") and body.endswith("</p>")
        for text in (story.kicker, story.headline, story.subtitle, story.summary):
            assert clean_text(text) == text
            assert len(text) <= 120
        assert 6 <= len(story.headline)
        assert story.tags and len(set(story.tags)) == len(story.tags)
        assert story.credits
        assert all(
            role in ("reporter", "correspondent", "photo") for _p, role in story.credits
        )


def test_vocabulary_is_thousands_of_words_and_hundreds_of_tags_and_people():
    v = corpus.vocabulary()
    assert len(v.words()) > 2500
    assert len(v.tags) == corpus.TAG_COUNT
    assert len(v.sections) == 30
    assert len({p.name for p in v.people}) == len(v.people) == 300
    assert {s.topic for s in v.sections} <= set(v.topics)


def test_query_set_has_fifty_queries_of_each_kind():
    queries = search.query_set(seed=1, sample=300)
    assert queries == search.query_set(seed=1, sample=300)
    kinds = Counter(kind for kind, _q in queries)
    assert kinds == dict.fromkeys(search.KINDS, search.PER_KIND)
    v = corpus.vocabulary()
    for kind, query in queries:
        if kind == "pair":
            assert len(query.split()) == 2
        if kind == "name":
            assert query in v.names.words
        if kind == "rare":
            assert query in v.rare


def test_copy_fields_escape_what_copy_reads_as_control():
    line = fill._line(["a\tb", "c\\d", None, "e\nf", 3])
    assert line == "a\\tb\tc\\\\d\t\\N\te\\nf\t3\n"


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert server.percentile(values, 0.95) == 95
    assert server.percentile(values, 0.5) == 50
    assert server.percentile([7.0], 0.99) == 7.0


WRK_REPORT = """Running 3s test @ http://127.0.0.1:8100/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    91.96ms   10.20ms 200.00ms   87.50%
    Req/Sec    61.00     10.00    80.00     75.50%
  Latency Distribution
     50%   90.00ms
     75%  100.00ms
     90%  110.00ms
     99%    1.90s~
  366 requests in 3.00s, 10.00MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    121.70
Transfer/sec:      3.33MB
""".replace("~", " ")  # wrk ends a latency in seconds with a space


def test_wrk_report_is_read_from_its_own_lines():
    figures = server.parse_wrk(WRK_REPORT)
    assert (figures.rps, figures.p50, figures.p99) == (121.7, "90.00ms", "1.90s")
    assert figures.errors == 7


def test_wrk_script_quotes_paths():
    assert server.lua_string('/search/?q="a\\b"') == '"/search/?q=\\"a\\\\b\\""'


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--only", "pages,speed"], "--only 的取值无效"),
        (["--only", ","], "--only 的取值无效"),
        (["--articles", "0"], "--articles 必须是正整数"),
        (["--day-minutes", "0"], "--day-minutes 必须大于 0"),
    ],
)
def test_bad_options_are_refused_in_chinese(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench", *arguments)


def test_without_postgresql_the_command_says_what_it_needs(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="性能测试需要 PostgreSQL"):
        call_command("bench", "--articles", "10", "--fill-only")
    with pytest.raises(fill.FillError, match="需要 PostgreSQL"):
        fill.fill(10, out=print)


def test_it_runs_only_on_a_bench_database(monkeypatch):
    """It writes made-up stories and accounts with known passwords: never
    on the newsroom's own database."""
    monkeypatch.setattr(connection, "vendor", "postgresql")
    monkeypatch.setitem(connection.settings_dict, "NAME", "newsroom")
    with pytest.raises(CommandError, match="只在名字含 bench 的数据库上运行"):
        call_command("bench", "--articles", "10", "--fill-only")
