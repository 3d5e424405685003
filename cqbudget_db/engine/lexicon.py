"""Word lists of the question grammar, Chinese and English.

Kept apart from the code that uses them so that adding a phrasing means
adding a word here, not a rule.  Regex fragments are alternations.
"""

# Comparators: the value of each entry is the SQL operator.
COMPARATORS_BEFORE = [
    (r"不少于|不低于|不小于|至少|起码|大于等于|大于或等于|高于或等于|≥|>=|达到|at least|no less than|"
     r"not less than|greater than or equal to|minimum of|min\.?", ">="),
    (r"不超过|不高于|不大于|至多|最多不超过|小于等于|小于或等于|低于或等于|≤|<=|at most|no more than|"
     r"not more than|less than or equal to|up to|maximum of|max\.?", "<="),
    (r"超过|超出|大于|高于|多于|逾|在.{0,2}之上|>|more than|over|above|greater than|exceeds?|exceeding|"
     r"larger than|bigger than|higher than", ">"),
    (r"不足|不到|小于|低于|少于|未达|未满|<|less than|fewer than|under|below|lower than|smaller than", "<"),
    (r"等于|恰好|正好|刚好|=|exactly|equal to|equals", "="),
]
COMPARATORS_AFTER = [
    (r"及以上|或以上|以上|之上|(?:或|及)更多|多|or more|and above|and up|or above|plus|\+", ">="),
    (r"及以下|或以下|以下|以内|之内|之下|或更少|or less|and below|or below|and under", "<="),
]
BETWEEN_JOINERS = r"到|至|和|与|-|~|—|–|～|and|to"

# Units after a number; values are multipliers into 万元.
MONEY_UNITS = (r"亿元|亿|千万元|千万|百万元|百万|万元|万|元|块|billion yuan|billion|bn\b|b\b|million yuan|million|mn\b|m\b|"
               r"yuan|rmb|cny")

# Superlatives and rankings.
SORT_WORDS = (r"排序|排名|排列|排行|由高到低|由低到高|从高到低|从低到高|从大到小|从小到大|降序|升序|"
              r"\b(?:sort|sorted|order by|ordered|rank|ranked|ranking|in order)\b")

# Aggregates.
COUNT_WORDS = r"几个|几项|几条|多少个|多少项|多少条|多少专项|多少家|几只|数量|个数|数目|有几|how many|number of|\bcount\b|#\s*of\b"
SUM_WORDS = (r"合计|总计|总共|一共|共计|加起来|总和|汇总|累计|in total|altogether|combined|sum|"
             r"add up|total of all|overall")
AVG_WORDS = r"平均|均值|人均|average|mean|avg"
LIST_WORDS = (r"哪些|哪几|哪个|列出|列举|列一下|列示|都有什么|有什么|有哪|名单|清单|分别|which|list|show|"
              r"what are the (funds|programs)|what funds|name the|give me")
PER_DEPARTMENT = (r"各部门|每个部门|按部门|分部门|各个部门|部门分别|各主管部门|每个主管部门|按主管部门|"
                  r"各单位|by department|per department|each department|every department|"
                  r"for each department|department by department|by agency|per agency|each agency")

# Shares.
SHARE_WORDS = (r"占比|比例|比重|占多少|占了多少|所占|百分比|百分之几|百分之多少|几成|份额|share|proportion|percentage|percent|"
               r"ratio|fraction|what %|% of\b")
GRAND_TOTAL_WORDS = (r"全部|全市|总预算|所有专项|总盘子|82个专项|全部专项|总额中|总数中|grand total|"
                     r"all funds|the total budget|overall budget|of the total|whole budget")

# The whole set of funds as a denominator (占所有专项补助区县总额), not the fund's own total.
GRAND_SET_WORDS = (r"所有专项|全部专项|全部重点专项|所有重点专项|全市|82个|所有的?(补助区县|市级支出)|全部的?(补助区县|市级支出)|"
                   r"all (the )?funds|all (the )?82|grand total|all district subsidies|all city-level")

# Fields of a fund.
FIELD_WORDS = {
    "contact": (r"联系人|联系方式|负责人|经办人|对接人|找谁|联系谁|问谁|是谁负责|谁负责|contact person|contact details|contact|"
                r"who is responsible|who to contact|responsible person|who handles|who (?:should|do|can) i (?:call|ring|phone|contact|ask)|"
                r"whom? (?:should|do|can) i (?:call|ring|phone|contact|ask)|call about|ring about"),
    "phone": r"联系电话|电话号码|电话|手机|号码|phone number|telephone|phone",
    "overview": (r"项目概况|概况|简介|介绍|内容|干什么|做什么|用途|用于|是什么项目|overview|description|describe|"
                 r"what is [^?]* (?:used )?for\s*$|what does [^?]* do\s*$|purpose"),
    "goal": r"当年绩效目标|绩效目标|年度目标|年度绩效目标|目标是什么|要达到什么|goal|goals|objective|objectives|aims|aim",
    "department": r"主管部门|哪个部门|哪个单位|什么部门|归口|属于|负责部门|which department|what department|which agency|department in charge|managed by|belongs? to|under which",
    "line": r"第几行|哪一行|出处|来源|原文|在哪里|source line|which line|where in the document",
}

# Indicators.
INDICATOR_WORDS = (r"绩效指标|指标|考核指标|目标值|目标是多少|目标多少|要达到多少|indicators?|kpis?|"
                   r"performance measures?|metrics?|targets?")
CORE_WORDS = r"核心|关键(?=指标)|\bcore\b|\bkey(?= indicators?)"
NON_CORE_WORDS = r"非核心|(?<!是)不是核心|non-core|not core|noncore"
QUALITATIVE_WORDS = r"定性|qualitative|non-numeric|not measurable"
QUANTITATIVE_WORDS = r"定量|可量化|量化|quantitative|numeric|measurable"
WEIGHT_WORDS = r"指标权重|权重|分值|比重分|weight|weighting|weighted"
TARGET_VALUE_WORDS = r"指标值|目标值|目标数|target values?|target figure"
OPERATOR_WORDS = {
    "≥": r"≥|>=|大于等于|大于或等于|不低于|不少于|at least|greater[- ]than[- ]or[- ]equal(?:[- ]to)?",
    "≤": r"≤|<=|小于等于|小于或等于|不高于|不超过|at most|less[- ]than[- ]or[- ]equal(?:[- ]to)?",
    ">": r"大于|>|greater[- ]than|more[- ]than",
    "<": r"小于|<|less[- ]than|fewer[- ]than",
    "=": r"等于|=|equals?(?:[- ]to)?|equal[- ]sign",
    "定性": r"定性|qualitative",
}

# Topics: words that introduce a term the funds' texts should mention.
TOPIC_BEFORE = (r"涉及|提到|提及|谈到|包含|含有|包括|关于|有关|相关于|针对|围绕|聚焦|支持|用于|"
                r"mentions?|mentioning|about|related to|relating to|concerning|involving|involve|"
                r"regarding|covering|that covers?|deals? with|dealing with|on the topic of|to do with|with the word|"
                r"talks? about|talking about|speaks? (?:of|about)|refers? to|"
                r"containing|contain|contains|that include|including|referring to|refer to")

# Follow-up markers for chat.
FOLLOW_UP = (r"^(其中|这些|这里面|那|那么|那个|再|只看|只要|仅看|换成|改成|按|还有|它们|他们|它的|他的|"
             r"and |what about|how about|among (them|these|those)|of (these|those|them)|only |now |"
             r"sort|then |same for|those|these)|呢$|呢？$")

# Things people ask that the document does not contain; for honest refusals.
WRITE_WORDS = (r"删除|删掉|修改|更新|插入|清空|篡改|写入|改成|改为|调整为|调成|设为|设置为|"
               r"drop |delete|update |insert |truncate|alter |replace into|create table|attach |"
               r"\b(?:set|change|modify|edit|raise|cut|increase|decrease)\b.{0,60}\bto\b")
# Judgements the document cannot make.
OPINION_WORDS = (r"浪费|最好的专项|最差|效益最好|效果最好|值不值|划算|合理吗|应该|该不该|靠谱|"
                 r"\b(waste|wasteful|best value|worst|value for (taxpayers'? )?money|worth it|good idea|good use|bad use|worthwhile|"
                 r"efficient|"
                 r"effective|corrupt)")
# The document gives city-wide subsidies, not what each district receives.
DISTRICTS = (r"(万州|黔江|涪陵|渝中|大渡口|江北|沙坪坝|九龙坡|南岸|北碚|綦江|大足|渝北|巴南|长寿|江津|合川|永川|南川|璧山|"
             r"铜梁|潼南|荣昌|开州|梁平|武隆|城口|丰都|垫江|忠县|云阳|奉节|巫山|巫溪|石柱|秀山|酉阳|彭水|两江新区|高新区)"
             r"(区|县|自治县)?[^，。?？]{0,16}(分到|拿到|得到|获得|多少|几|分配)|哪个区县(拿到|获得|分到|得到)|"
             r"\bwhich (district|county)\b[^?]{0,40}\b(receives?|gets?)|\b(yuzhong|yubei|jiangbei|wanzhou|fuling|"
             r"shapingba|jiulongpo|nan'?an|beibei|banan)\b")
# Spending so far is not in a budget document: it has budgets and targets only.
EXECUTION_WORDS = (r"实际(支出|花了|花费|使用|执行了?|到位|执行率)|已经?(花了|支出|使用|拨付)|执行了多少|执行进度|花掉了|"
                   r"actually spent|has spent|had spent|have spent|spent so far|spent by|actual (spending|expenditure|"
                   r"execution|outturn)|disbursed so far|execution progress")
# Years other than 2024 said in words.
OTHER_YEAR_WORDS = r"去年|前年|明年|后年|上一?年度|下一?年度|last year|next year|previous year|the year before"
# Things a budget document does not list about departments or funds.
UNKNOWN_FACT_WORDS = (r"员工|职工|编制|公务员|工作人员|办公地址|地址|网站|网址|官网|局长|主任|书记|市长|"
                      r"承包商|中标|供应商|采购合同|招标|投标|实际得分|评价得分|评分结果|考核结果|调整后|追加|调减|预算调整|"
                      r"\b(suppliers?|contractors?|procurement|tenders?|bidders?|won the|actual scores?|evaluation scores?|"
                      r"revised|revision|amended|supplementary budget)\b|"
                      r"\bhow many (staff|employees|workers|people work|civil servants)\b|\b(staff|employees|headcount|"
                      r"address|website|director|mayor|minister)\b")

# Attributes the engine understands after 的 … 是什么/是多少 (anything else is refused).
KNOWN_ATTRIBUTES = (r"中位|平均|预算|总额|金额|资金|钱|规模|市级|补助|区县|支出|联系|电话|号码|负责|部门|单位|概况|简介|内容|目标|"
                    r"指标|占比|比例|比重|份额|数量|个数|几|多少|总|合计|平均|名称|名字|序号|用途|情况|"
                    r"专项|项目|权重|核心|定性|值|哪|谁|第几|行|排名|最")

# Requests that are not questions about the document: other places, other tasks.
OFF_TOPIC = (r"(四川|贵州|云南|湖北|湖南|陕西|广东|北京|上海|天津|成都|西安|武汉|全国|其他省|外省)(省|市)?.{0,10}?(专项|预算|资金)|"
             r"\b(sichuan|guizhou|yunnan|hubei|hunan|shaanxi|guangdong|beijing|shanghai|tianjin|chengdu|"
             r"wuhan|xi'an)\b|"
             r"(?<!重庆)[\u4e00-\u9fff]{2,3}省的|写一首|写一篇|写首|作一首|诗歌|讲个笑话|讲一个笑话|笑话|翻译一下|"
             r"\b(write (me )?a (poem|story|song|essay)|tell me a joke|translate this)\b")
