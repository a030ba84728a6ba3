"""Judging names (pure Python, no Django): does a bare word on a page look
like a Chinese personal name, and where do names printed without a space
between them divide (`郭绍英黄旭`)?

A byline printed without a role word is only a guess; the importer reads it
as a person's name when it starts with a common surname followed by one or
two characters, and otherwise flags it for the editor rather than inventing
a person quietly.
"""

from __future__ import annotations

from functools import lru_cache

#: The common single-character surnames (roughly the four hundred most
#: frequent in mainland registers).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟"
    "熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文"
    "牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符"
    "舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    "滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席"
    "卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼"
    "盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿狄平计索宣晋"
    "相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴"
    "昝智幸奉植衡富尧闭由钮郦咸骞钦蔚缑逄禄凤"
)
#: Two-character surnames.
COMPOUND_SURNAMES = frozenset(
    (
        *("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙"),
        *("慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "澹台", "西门"),
        *("南宫", "端木", "独孤", "轩辕", "钟离", "闻人", "万俟", "呼延"),
        *("申屠", "太史", "公羊", "赫连", "拓跋", "司空", "百里", "第五"),
    )
)
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
NAME_DOTS = "·•"


def is_han(text: str) -> bool:
    return bool(text) and all(
        any(low <= ord(ch) <= high for low, high in HAN_RANGES) for ch in text
    )


def looks_like_person(name: str) -> bool:
    """A surname from the lists followed by one or two characters, or a
    transliterated name joined by a middle dot (阿依古丽·买买提)."""
    if any(dot in name for dot in NAME_DOTS):
        parts = name.replace("•", "·").split("·")
        return all(is_han(p) and len(p) <= 8 for p in parts) and len(parts) > 1
    if not is_han(name):
        return False
    if name[:2] in COMPOUND_SURNAMES and len(name) in (3, 4):
        return True
    return len(name) in (2, 3) and name[0] in SURNAMES


def split_names(run: str) -> list[str] | None:
    """Names printed without a space between them, divided where the
    surnames fall: `郭绍英黄旭` → 郭绍英 + 黄旭, `世国张旭` → 世国 + 张旭.

    A run of two or three characters is one name; a compound surname may
    carry four. Longer runs are cut into parts of two or three characters,
    preferring the cut whose parts start with a surname (then the fewest
    parts). None when the run cannot be a list of names (too long, not Han).
    """
    if any(dot in run for dot in NAME_DOTS):
        return [run] if looks_like_person(run) else None
    if not is_han(run) or not 2 <= len(run) <= 12:
        return None
    if len(run) <= 3 or (len(run) == 4 and run[:2] in COMPOUND_SURNAMES):
        return [run]
    best = _best_cut(run)
    return list(best[1]) if best else None


@lru_cache(maxsize=256)
def _best_cut(run: str) -> tuple[tuple[int, int], tuple[str, ...]] | None:
    """(score, parts) of the best division of `run`; score is (names that
    look like a person, -parts)."""
    if not run:
        return (0, 0), ()
    best = None
    for size in (2, 3, 4):
        head, rest = run[:size], run[size:]
        if len(head) < size or (size == 4 and head[:2] not in COMPOUND_SURNAMES):
            continue
        tail = _best_cut(rest)
        if tail is None:
            continue
        (people, parts), names = tail
        score = (people + looks_like_person(head), parts - 1)
        if best is None or score > best[0]:
            best = (score, (head, *names))
    return best
