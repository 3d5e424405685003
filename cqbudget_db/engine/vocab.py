"""The engine's vocabulary: what the database knows (funds, departments, people,
indicator names, units) plus the words people use for columns and topics.

Loaded once per database file from a read-only connection.
"""

import functools
import os
import re
from dataclasses import dataclass, field

from ..guard import connect_readonly

# Words for the three amount columns, longest first when matched.
COLUMN_WORDS = {
    "district_subsidy": ["补助区县", "区县补助", "对区县补助", "补助给区县", "转移支付", "补区县", "区县的补助",
                         "给区县的钱", "给区县", "分给区县", "下达区县", "下拨区县", "拨给区县", "区县拿到", "区县的钱",
                         "到区县", "区县级", "given to districts", "goes to districts", "for districts", "to districts",
                         "补助", "district subsidies", "district subsidy", "subsidies to districts",
                         "subsidy to districts", "district-level", "district level", "districts",
                         "district", "subsidies", "subsidy", "counties"],
    "city_spend": ["市级支出", "市本级支出", "市级使用", "市本级", "市里自己花", "市里花", "市里自己", "市级自己",
                   "市里用", "市里的支出", "spent by the city", "spent at city level", "the city itself", "city-level spending",
                   "city level spending", "city-level", "city level", "city spending",
                   "municipal spending", "city spend", "city"],
    "total": ["当年预算", "预算总额", "预算金额", "资金总额", "总预算", "预算", "总额", "金额", "资金", "经费",
              "拨款", "投入", "钱", "小计", "盘子", "规模", "budget", "total amount", "amount", "funding", "money",
              "allocation", "pot", "size"],
}

# English words for Chinese terms, so English questions reach Chinese text.
GLOSSES = {
    "garbage": "垃圾分类", "waste sorting": "垃圾分类", "waste": "垃圾", "refuse": "垃圾",
    "rural revitalization": "乡村振兴", "rural revitalisation": "乡村振兴",
    "student aid": "学生资助", "student financial aid": "学生资助", "students": "学生",
    "education": "教育", "school": "学校", "higher education": "高等教育",
    "vocational education": "职业教育", "basic education": "基础教育",
    "talent": "人才", "talents": "人才", "employment": "就业", "jobs": "就业",
    "road": "公路", "roads": "公路", "highway": "公路", "highways": "公路",
    "railway": "铁路", "railways": "铁路", "rail": "铁路", "aviation": "民航",
    "civil aviation": "民航", "water transport": "水运", "shipping": "水运",
    "forestry": "林业", "forest": "林业", "grassland": "草原", "sports": "体育", "sport": "体育",
    "health": "卫生", "public health": "公共卫生", "medical": "医疗", "healthcare": "医疗",
    "medical insurance": "医疗保障", "family planning": "计划生育",
    "housing": "住房", "public rental housing": "公租房", "public housing": "公租房",
    "pollution": "污染", "environment": "环境", "environmental": "环境", "ecology": "生态",
    "water conservancy": "水利", "water": "水", "reservoir": "水库", "resettlement": "移民",
    "agriculture": "农业", "farmland": "农田", "farm": "农业", "animal disease": "动物疫病",
    "epidemic": "疫病", "culture": "文化", "cultural": "文化", "tourism": "旅游",
    "heritage": "文物", "cultural relics": "文物", "relics": "文物",
    "science": "科技", "technology": "科技", "innovation": "创新", "industry": "工业",
    "small businesses": "中小微企业", "sme": "中小微企业", "smes": "中小微企业",
    "ethnic minorities": "少数民族", "minorities": "少数民族", "welfare": "福利",
    "lottery": "彩票", "social assistance": "社会救助", "relief": "救助", "disaster": "灾害",
    "geological": "地质", "geology": "地质", "mapping": "测绘", "planning": "规划",
    "emergency": "应急", "rescue": "救援", "food": "食品", "food safety": "食品",
    "quality": "质量", "metrology": "计量", "measurement": "计量", "drugs": "药品", "drug": "药品",
    "intellectual property": "知识产权", "patent": "专利", "patents": "专利",
    "youth": "青少年", "young people": "青少年", "women": "妇女", "children": "儿童",
    "disabled": "残疾人", "disability": "残疾人", "disabilities": "残疾人",
    "logistics": "物流", "port": "口岸", "ports": "口岸", "digital": "数字", "commerce": "商务",
    "trade": "商务", "state-owned": "国有", "enterprises": "企业", "party": "党",
    "cadre training": "干部教育培训", "training": "培训", "satisfaction": "满意度",
    "budget execution": "预算执行率", "budget execution rate": "年度预算执行率",
    "coverage": "覆盖率", "pass rate": "合格率", "elderly": "老", "old party members": "老党员",
    "urban": "城市", "city upgrading": "城市提升", "infrastructure": "基建",
    "reform": "改革", "development": "发展", "protection": "保护", "restoration": "恢复",
    "construction": "建设", "maintenance": "维护", "services": "服务", "service": "服务",
    "management": "管理", "supervision": "监督", "spot check": "抽检", "spot checks": "抽检",
    "inspection": "抽检", "prevention": "防治", "control": "防控", "subsidy for": "补助", "assistance": "救助",
    "upgrading": "提升", "upgrade": "提升", "improvement": "提升", "capacity building": "能力建设",
    "capacity": "能力", "system": "体系", "cooperation": "合作", "integration": "融合", "industrial": "产业",
    "enterprise": "企业", "investment": "投资", "renovation": "整治", "operation": "运行",
    "forest fire": "森林火灾", "fire": "火灾", "damage rate": "受害率", "vaccine": "疫苗", "vaccines": "疫苗",
    "vaccination": "疫苗", "immunization": "免疫", "digitalization": "数字化", "digitalisation": "数字化",
    "government digitalization": "政务数字化", "digital government": "政务数字化", "e-government": "政务数字化",
    "annual budget execution rate": "年度预算执行率", "execution rate": "执行率", "forest coverage": "森林覆盖率",
    "smart china expo": "智博会", "land-sea corridor": "陆海新通道", "western land-sea corridor": "陆海新通道",
    "china-europe railway express": "中欧班列", "china-europe": "中欧班列", "elderly care": "养老",
    "pension": "养老", "childcare": "托育", "hospital": "医院", "hospitals": "医院", "doctors": "医生",
    "poverty": "脱贫", "flood": "防汛", "floods": "防汛", "landslide": "地质灾害", "tourists": "游客",
    "high-tech enterprises": "高新技术企业", "high-tech": "高新技术", "new high-tech enterprises": "新增高新技术企业",
    "carbon": "碳", "air quality": "空气质量", "soil": "土壤", "monitoring": "监测",
    "cooperatives": "合作社", "supply and marketing": "供销", "publicity": "宣传",
    "propaganda": "宣传", "sanitation": "环卫", "parks": "公园", "landscaping": "园林",
}

# Words that are never a fund, topic or indicator term on their own.
STOP_TERMS = {
    "专项", "资金", "项目", "指标", "哪些", "哪个", "多少", "什么", "重庆", "重庆市", "市级",
    "部门", "预算", "金额", "联系", "情况", "目标", "绩效", "相关", "有关", "名称",
    "重点", "重点专项", "所有", "全部", "这些", "各个", "每个", "市级重点", "专项资金",
}


@dataclass
class Vocabulary:
    funds: list = field(default_factory=list)          # (seq, name, table_name, department)
    departments: dict = field(default_factory=dict)    # alias or name -> catalog name
    short_names: dict = field(default_factory=dict)    # catalog name -> short name
    contacts: dict = field(default_factory=dict)       # person -> [seq]
    phones: dict = field(default_factory=dict)         # phone -> [seq]
    indicator_names: list = field(default_factory=list)
    units: list = field(default_factory=list)

    def department_aliases_longest_first(self):
        return sorted(self.departments, key=len, reverse=True)


def fund_core(name):
    """The distinctive part of a fund name: without 专项, 资金 and a leading 市/市级."""
    core = re.sub(r"(专项资金|专项)$", "", name)
    core = re.sub(r"^(市级|市)", "", core) if len(core) > 3 else core
    return core


@functools.lru_cache(maxsize=8)
def _load(path, mtime):  # mtime is only part of the cache key: a rebuilt database is read again
    conn = connect_readonly(path)
    try:
        vocab = Vocabulary()
        vocab.funds = [tuple(r) for r in conn.execute(
            "select seq, name, table_name, department from funds order by seq")]
        for name, short in conn.execute("select name, short_name from departments"):
            vocab.departments[name] = name
            vocab.departments[short] = name
            vocab.short_names[name] = short
        for alias, department in conn.execute("select alias, department from department_aliases"):
            vocab.departments[alias.lower()] = department
        for seq, contact, phone in conn.execute("select seq, contact, phone from funds order by seq"):
            vocab.contacts.setdefault(contact, []).append(seq)
            vocab.phones.setdefault(phone, []).append(seq)
        vocab.indicator_names = [r[0] for r in conn.execute(
            "select distinct name from indicators order by name")]
        vocab.units = [r[0] for r in conn.execute(
            "select unit from indicators group by unit order by length(unit) desc")]
        return vocab
    finally:
        conn.close()


def load_vocabulary(db_path):
    path = os.path.abspath(db_path)
    return _load(path, os.path.getmtime(path))
