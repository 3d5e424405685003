"""The departments of the catalog with the names people actually use for them.

One place for this vocabulary so the database, the question engine and the
Datasette pages resolve department names the same way.  Each entry:
(catalog name, usual short name, English name, other aliases).
"""

DEPARTMENTS = [
    ("中共重庆市委组织部", "市委组织部", "Organization Department of the CPC Chongqing Committee",
     ["组织部", "市委组织部门", "organization department"]),
    ("中共重庆市委宣传部", "市委宣传部", "Publicity Department of the CPC Chongqing Committee",
     ["宣传部", "propaganda department", "publicity department"]),
    ("重庆市发展和改革委员会", "市发展改革委", "Development and Reform Commission",
     ["发改委", "市发改委", "发展改革委", "发展和改革委员会", "NDRC", "development and reform"]),
    ("重庆市教育委员会", "市教委", "Education Commission",
     ["教委", "教育委员会", "教育部门", "education commission"]),
    ("重庆市科学技术局", "市科技局", "Science and Technology Bureau",
     ["科技局", "科学技术局", "science and technology bureau", "science bureau"]),
    ("重庆市经济和信息化委员会", "市经济信息委", "Economy and Information Technology Commission",
     ["经信委", "市经信委", "经济信息委", "经济和信息化委员会", "economy and information technology",
      "economy and IT commission"]),
    ("重庆市民族宗教事务委员会", "市民族宗教委", "Ethnic and Religious Affairs Commission",
     ["民宗委", "民族宗教委", "市民宗委", "民族宗教事务委员会", "ethnic and religious affairs"]),
    ("重庆市民政局", "市民政局", "Civil Affairs Bureau",
     ["民政局", "民政", "civil affairs bureau", "civil affairs"]),
    ("重庆市人力资源和社会保障局", "市人力社保局", "Human Resources and Social Security Bureau",
     ["人社局", "市人社局", "人力社保局", "人力资源和社会保障局", "人社", "human resources and social security", "HRSS", "HRSS bureau", "MOHRSS",
      "human resources"]),
    ("重庆市规划和自然资源局", "市规划自然资源局", "Planning and Natural Resources Bureau",
     ["规划自然资源局", "规划和自然资源局", "规资局", "市规资局", "自然资源局", "规划局",
      "planning and natural resources", "natural resources"]),
    ("重庆市生态环境局", "市生态环境局", "Ecology and Environment Bureau",
     ["生态环境局", "环保局", "环境局", "ecology and environment", "environment bureau"]),
    ("重庆市住房和城乡建设委员会", "市住房城乡建委", "Housing and Urban-Rural Development Commission",
     ["住建委", "市住建委", "住房城乡建委", "住房和城乡建设委员会", "城乡建委",
      "housing and urban-rural development", "housing commission"]),
    ("重庆市城市管理局", "市城市管理局", "Urban Management Bureau",
     ["城管局", "市城管局", "城市管理局", "urban management"]),
    ("重庆市交通局", "市交通局", "Transport Bureau",
     ["交通局", "交通委", "市交通委", "transport bureau", "transportation bureau"]),
    ("重庆市水利局", "市水利局", "Water Resources Bureau",
     ["水利局", "water resources bureau"]),
    ("重庆市农业农村委员会", "市农业农村委", "Agriculture and Rural Affairs Commission",
     ["农业农村委", "市农委", "农委", "农业农村委员会", "agriculture and rural affairs"]),
    ("重庆市商务委员会", "市商务委", "Commerce Commission",
     ["商务委", "商务委员会", "commerce commission"]),
    ("重庆市文化和旅游发展委员会", "市文化旅游委", "Culture and Tourism Development Commission",
     ["文旅委", "市文旅委", "文化旅游委", "文化和旅游发展委员会", "culture and tourism"]),
    ("重庆市卫生健康委员会", "市卫生健康委", "Health Commission",
     ["卫健委", "市卫健委", "卫生健康委", "卫生健康委员会", "卫生局", "health commission"]),
    ("重庆市应急管理局", "市应急管理局", "Emergency Management Bureau",
     ["应急局", "应急管理局", "市应急局", "emergency management"]),
    ("重庆市国有资产监督管理委员会", "市国资委", "State-owned Assets Supervision and Administration Commission",
     ["国资委", "国有资产监督管理委员会", "SASAC", "state-owned assets"]),
    ("重庆市市场监督管理局", "市市场监管局", "Market Regulation Administration",
     ["市场监管局", "市场监督管理局", "市监局", "market regulation", "market supervision"]),
    ("重庆市体育局", "市体育局", "Sports Bureau",
     ["体育局", "sports bureau", "sport bureau"]),
    ("重庆市乡村振兴局", "市乡村振兴局", "Rural Revitalization Bureau",
     ["乡村振兴局", "rural revitalization bureau"]),
    ("重庆市医疗保障局", "市医保局", "Healthcare Security Administration",
     ["医保局", "医疗保障局", "healthcare security", "medical insurance bureau"]),
    ("重庆市大数据应用发展管理局", "市大数据发展局", "Big Data Application and Development Administration",
     ["大数据局", "市大数据局", "大数据发展局", "大数据应用发展管理局", "big data bureau"]),
    ("重庆市人民政府口岸和物流办公室", "市政府口岸物流办", "Port and Logistics Office",
     ["口岸物流办", "口岸办", "市口岸物流办", "口岸和物流办公室", "port and logistics office", "port and logistics"]),
    ("重庆市文物局", "市文物局", "Cultural Heritage Bureau",
     ["文物局", "cultural heritage bureau", "cultural relics bureau"]),
    ("重庆市供销合作总社", "市供销合作社", "Supply and Marketing Cooperative",
     ["供销社", "供销总社", "市供销总社", "供销合作社", "supply and marketing cooperative"]),
    ("重庆市林业局", "市林业局", "Forestry Bureau",
     ["林业局", "forestry bureau"]),
    ("重庆市药品监督管理局", "市药监局", "Medical Products Administration",
     ["药监局", "药品监督管理局", "drug administration", "medical products administration"]),
    ("重庆市知识产权局", "市知识产权局", "Intellectual Property Office",
     ["知识产权局", "intellectual property office"]),
    # The catalog's spelling; its table prints 中国共产主义青年团重庆市委.
    ("中国共产主义青年团重庆市委委员会", "团市委", "Communist Youth League Chongqing Committee",
     ["共青团", "共青团重庆市委", "中国共产主义青年团重庆市委", "中国共产主义青年团重庆市委员会",
      "youth league"]),
    ("重庆市妇女联合会", "市妇联", "Women's Federation",
     ["妇联", "妇女联合会", "women's federation", "womens federation"]),
    ("重庆市残疾人联合会", "市残联", "Disabled Persons' Federation",
     ["残联", "残疾人联合会", "disabled persons' federation", "disabled persons federation"]),
]


def aliases_for(catalog_name):
    """Every way to write a department, the catalog name first."""
    for full, short, english, others in DEPARTMENTS:
        if catalog_name == full or catalog_name in others:
            return [full, short, english, *others]
    return [catalog_name]


def canonical(catalog_name):
    """The vocabulary entry for a catalog department name, or None."""
    for entry in DEPARTMENTS:
        if catalog_name == entry[0] or catalog_name in entry[3]:
            return entry
    return None
