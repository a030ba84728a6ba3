"""The demo newsroom: a fictional regional workers' daily in a fictional city,
江城. Every word here was written for Newsroom's demo."""

from . import desk, published

ORGANISATIONS = [
    ("江城市总工会", "市总工会"),
    ("江城市总工会女职工委员会", "江女工"),
    ("江城钢铁集团", "江钢"),
    ("临川区总工会", "临川区总"),
    ("江城市人力资源和社会保障局", "市人社局"),
]

# (key, name, kind, affiliation, bio)
CORRESPONDENTS = [
    ("lin", "林晓峰", "staff", None, "本报记者，跑工会和劳动就业条线。"),
    ("zhou", "周雨桐", "staff", None, "本报记者，关注职工维权与法律服务。"),
    ("chen", "陈立新", "photographer", None, "本报摄影记者。"),
    ("xu", "许文静", "correspondent", "江城市总工会", ""),
    ("wang", "王海涛", "correspondent", "临川区总工会", ""),
    ("zhao", "赵敏", "correspondent", "江城市人力资源和社会保障局", ""),
    # Two people with one name: the records, not the string, are the identity.
    ("li_staff", "李强", "staff", None, "本报记者，跑经济和产业条线。"),
    ("li_steel", "李强", "correspondent", "江城钢铁集团", ""),
    ("gu", "顾明", "contributor", None, "特约撰稿人，退休劳动法教师。"),
    ("nvgong", "江女工", "organisation", "江城市总工会女职工委员会", ""),
    ("song", "宋佳", "photographer", None, "本报摄影记者。"),
]

# (slug, name, order, is_column, description)
SECTIONS = [
    ("yaowen", "要闻", 10, False, "当日最重要的新闻。"),
    ("bendi", "本地新闻", 20, False, "江城各区县的工会与职工新闻。"),
    ("tupian", "图片新闻", 30, False, "用镜头记录劳动者。"),
    ("zhuxi-luntan", "主席论坛", 40, True, "工会主席谈工作、谈思路。"),
    ("weiquan-ketang", "维权课堂", 50, True, "以案说法，讲清职工的权利和办法。"),
    ("banzu-yuandi", "班组园地", 60, True, "一线班组的故事与经验。"),
    ("ankang-yizhan", "安康驿站", 70, True, "安全生产与职工健康。"),
]

# Users: (username, role group or None for the superuser, correspondent key)
ACCOUNTS = [
    ("reporter", "记者", "lin", "晓峰", "林"),
    ("correspondent", "通讯员", "xu", "文静", "许"),
    ("editor", "编辑", None, "思远", "何"),
    ("desk", "部门主任", None, "建国", "孙"),
    ("yaowen", "部门主任", None, "丽华", "周"),
    ("night", "值班总编", None, "海涛", "钱"),
    ("chief", "总编辑", None, "卫东", "郑"),
    ("admin", None, None, "", "系统管理员"),
]

# Every story: kind, status (and stage for stories under review), when it
# went or goes live (days from now), section, headline block, credits,
# tags and paragraphs. "photos" makes generated pictures for the story.
ARTICLES = [*published.ARTICLES, *desk.ARTICLES]
