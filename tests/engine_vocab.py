"""A small vocabulary built in memory, so the engine's layers can be tested without a database."""

from cqbudget_db.engine.normalize import normalize
from cqbudget_db.engine.vocab import Fund, Vocabulary

FUNDS = [
    (10, "学生资助专项", "重庆市教育委员会"),
    (11, "职业教育提质领跑专项", "重庆市教育委员会"),
    (18, "社会救助专项", "重庆市民政局"),
    (36, "垃圾分类清运处置专项", "重庆市城市管理局"),
    (56, "公共卫生专项", "重庆市卫生健康委员会"),
    (57, "计划生育专项", "重庆市卫生健康委员会"),
    (58, "能力建设专项", "重庆市卫生健康委员会"),
    (1, "市级人才开发专项", "中共重庆市委组织部"),
    (59, "人才培养及科研专项", "重庆市卫生健康委员会"),
    (41, "公路建设和维护专项", "重庆市交通局"),
]
DEPARTMENTS = {
    "重庆市教育委员会": ("市教委", "Education Commission", ["教委", "education commission"]),
    "重庆市民政局": ("市民政局", "Civil Affairs Bureau", ["民政局"]),
    "重庆市城市管理局": ("市城市管理局", "Urban Management Bureau", ["城管"]),
    "重庆市卫生健康委员会": ("市卫生健康委", "Health Commission", ["卫健委", "health commission"]),
    "中共重庆市委组织部": ("市委组织部", "Organization Department", ["组织部"]),
    "重庆市交通局": ("市交通局", "Transport Bureau", ["交通局"]),
}


def small_vocabulary():
    vocab = Vocabulary()
    for seq, name, department in FUNDS:
        vocab.funds[seq] = Fund(seq, name, name, department)
    for name, (short, english, aliases) in DEPARTMENTS.items():
        vocab.short_names[name] = short
        vocab.english_names[name] = english
        for alias in [name, short, english] + aliases:
            vocab.departments[normalize(alias)] = name
    vocab.people = {"黄皇": [10], "周佩雯": [18]}
    vocab.phones = {"67737562": [10]}
    vocab.indicator_names = {"年度预算执行率", "森林覆盖率", "救助对象公示率"}
    vocab.units = {"%", "天", "个", "亿元"}
    vocab.fund_text = normalize("\n".join(name for _, name, _ in FUNDS) + "\n乡村振兴 养老服务 公路养护 HPV 疫苗接种")
    vocab.indicator_text = normalize("\n".join(sorted(vocab.indicator_names)) + "\n满意度")
    vocab.name_text = normalize("\n".join(name for _, name, _ in FUNDS))
    return vocab
