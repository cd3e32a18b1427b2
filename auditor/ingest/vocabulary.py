"""Default value tables: source dispositions, outcomes and yes/no words to canonical values.

These tables are documented in docs/dispositions.md and can be extended or
overridden by the engagement (``dispositions:`` / ``outcomes:``) or a mapping file.
Keys are matched after :func:`normalise_key` (case-folded, ``_``/``-`` as spaces,
whitespace collapsed, full-width forms folded).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from auditor.ingest.schema import Disposition, Outcome

_SPACES = re.compile(r"[\s_\-]+")


def normalise_key(value: object) -> str:
    """Fold a source value for table look-up: ``' No_Answer '`` -> ``'no answer'``."""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return _SPACES.sub(" ", text).strip()


_D = Disposition
DISPOSITIONS: dict[str, Disposition] = {
    # canonical names
    **{d.value.replace("_", " "): d for d in Disposition},
    # generic English, Asterisk, Twilio
    "answer": _D.ANSWERED,
    "answered": _D.ANSWERED,
    "connected": _D.ANSWERED,
    "completed": _D.ANSWERED,
    "human": _D.ANSWERED,
    "talked": _D.ANSWERED,
    "success": _D.ANSWERED,
    "no answer": _D.NO_ANSWER,
    "noanswer": _D.NO_ANSWER,
    "not answered": _D.NO_ANSWER,
    "unanswered": _D.NO_ANSWER,
    "ring no answer": _D.NO_ANSWER,
    "cancel": _D.NO_ANSWER,
    "canceled": _D.NO_ANSWER,
    "cancelled": _D.NO_ANSWER,
    "busy": _D.BUSY,
    "user busy": _D.BUSY,
    "rejected": _D.REJECTED,
    "declined": _D.REJECTED,
    "refused": _D.REJECTED,
    "call rejected": _D.REJECTED,
    "voicemail": _D.VOICEMAIL,
    "voice mail": _D.VOICEMAIL,
    "answering machine": _D.VOICEMAIL,
    "machine": _D.VOICEMAIL,
    "invalid": _D.INVALID_NUMBER,
    "invalid number": _D.INVALID_NUMBER,
    "unallocated number": _D.INVALID_NUMBER,
    "number not in service": _D.INVALID_NUMBER,
    "disconnected number": _D.INVALID_NUMBER,
    "bad number": _D.INVALID_NUMBER,
    "failed": _D.FAILED,
    "failure": _D.FAILED,
    "congestion": _D.FAILED,
    "chanunavail": _D.FAILED,
    "error": _D.FAILED,
    "abandoned": _D.ABANDONED,
    "abandon": _D.ABANDONED,
    "dropped": _D.ABANDONED,
    "drop": _D.ABANDONED,
    # Chinese labels
    "已接通": _D.ANSWERED,
    "接通": _D.ANSWERED,
    "已接听": _D.ANSWERED,
    "接听": _D.ANSWERED,
    "成功": _D.ANSWERED,
    "呼通": _D.ANSWERED,
    "已应答": _D.ANSWERED,
    "未接通": _D.NO_ANSWER,
    "无人接听": _D.NO_ANSWER,
    "未接听": _D.NO_ANSWER,
    "无应答": _D.NO_ANSWER,
    "关机": _D.NO_ANSWER,
    "无法接通": _D.NO_ANSWER,
    "不在服务区": _D.NO_ANSWER,
    "暂时无法接通": _D.NO_ANSWER,
    "忙线": _D.BUSY,
    "占线": _D.BUSY,
    "用户忙": _D.BUSY,
    "正在通话中": _D.BUSY,
    "拒接": _D.REJECTED,
    "拒绝接听": _D.REJECTED,
    "挂断": _D.REJECTED,
    "语音信箱": _D.VOICEMAIL,
    "留言": _D.VOICEMAIL,
    "秘书台": _D.VOICEMAIL,
    "空号": _D.INVALID_NUMBER,
    "停机": _D.INVALID_NUMBER,
    "号码无效": _D.INVALID_NUMBER,
    "号码错误": _D.INVALID_NUMBER,
    "错号": _D.INVALID_NUMBER,
    "销号": _D.INVALID_NUMBER,
    "呼叫失败": _D.FAILED,
    "失败": _D.FAILED,
    "线路故障": _D.FAILED,
    "网络忙": _D.FAILED,
    "系统失败": _D.FAILED,
    "呼损": _D.ABANDONED,
    "放弃": _D.ABANDONED,
    "掉线": _D.ABANDONED,
    # Russian labels
    "отвечен": _D.ANSWERED,
    "отвечено": _D.ANSWERED,
    "дозвон": _D.ANSWERED,
    "соединено": _D.ANSWERED,
    "не отвечен": _D.NO_ANSWER,
    "нет ответа": _D.NO_ANSWER,
    "недозвон": _D.NO_ANSWER,
    "занято": _D.BUSY,
    "отклонен": _D.REJECTED,
    "отклонён": _D.REJECTED,
    "сброс": _D.REJECTED,
    "автоответчик": _D.VOICEMAIL,
    "голосовая почта": _D.VOICEMAIL,
    "номер не существует": _D.INVALID_NUMBER,
    "неверный номер": _D.INVALID_NUMBER,
    "ошибка": _D.FAILED,
    "обрыв": _D.ABANDONED,
}

_O = Outcome
OUTCOMES: dict[str, Outcome] = {
    **{o.value: o for o in Outcome},
    "no": _O.NONE,
    "ineffective": _O.NONE,
    "not interested": _O.NONE,
    "no interest": _O.NONE,
    "contact": _O.EFFECTIVE,
    "contacted": _O.EFFECTIVE,
    "effective contact": _O.EFFECTIVE,
    "interested": _O.INTENT,
    "interest": _O.INTENT,
    "lead": _O.INTENT,
    "warm": _O.INTENT,
    "callback": _O.INTENT,
    "sale": _O.CONVERTED,
    "sold": _O.CONVERTED,
    "conversion": _O.CONVERTED,
    "order": _O.CONVERTED,
    "deal": _O.CONVERTED,
    "无": _O.NONE,
    "无效": _O.NONE,
    "无意向": _O.NONE,
    "无效沟通": _O.NONE,
    "有效": _O.EFFECTIVE,
    "有效沟通": _O.EFFECTIVE,
    "有效通话": _O.EFFECTIVE,
    "意向": _O.INTENT,
    "有意向": _O.INTENT,
    "意向客户": _O.INTENT,
    "高意向": _O.INTENT,
    "成交": _O.CONVERTED,
    "成单": _O.CONVERTED,
    "转化": _O.CONVERTED,
    "已成交": _O.CONVERTED,
    "下单": _O.CONVERTED,
    "нет": _O.NONE,
    "контакт": _O.EFFECTIVE,
    "интерес": _O.INTENT,
    "лид": _O.INTENT,
    "продажа": _O.CONVERTED,
}

TRUE_WORDS = frozenset({"1", "1.0", "true", "t", "yes", "y", "是", "有", "да", "x", "✓"})
FALSE_WORDS = frozenset({"0", "0.0", "false", "f", "no", "n", "否", "无", "нет"})


def merge_table(
    base: Mapping[str, object], extra: Mapping[str, str], enum_type: type[Disposition] | type[Outcome]
) -> dict[str, object]:
    """Add user entries (``source value -> canonical value``) on top of a default table."""
    merged = dict(base)
    for source, target in extra.items():
        merged[normalise_key(source)] = enum_type(normalise_key(target).replace(" ", "_"))
    return merged
