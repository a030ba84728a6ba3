"""The demo newsroom's sensitive-word lexicon (敏感词库): words a style
guide replaces with respectful ones (禁用), and claims a desk checks before
printing (慎用)."""

LEXICON = [
    # (word, level, suggested replacement, note)
    ("残废人", "banned", "残疾人", "歧视性称谓"),
    ("瞎子", "banned", "盲人", "歧视性称谓"),
    ("聋哑人", "caution", "听障人士", "当事人自称时可保留"),
    ("弱智", "banned", "智力障碍者", "歧视性称谓"),
    ("农民工", "caution", "进城务工人员", "新闻报道中尽量不用"),
    ("史上最", "caution", "", "绝对化用语，须有依据"),
    ("首家", "caution", "", "须核实是否确为首家"),
    ("国家级", "caution", "", "须核实评定文件"),
]
