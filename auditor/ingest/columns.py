"""Recognising canonical columns by their English or Chinese header names."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_BRACKETS = re.compile(r"[（(\[【].*?[)）\]】]")
_SEPARATORS = re.compile(r"[\s_\-./:：]+")

ALIASES: dict[str, tuple[str, ...]] = {
    "call_id": (
        "call_id",
        "callid",
        "call id",
        "id",
        "uniqueid",
        "unique id",
        "uuid",
        "call uuid",
        "call sid",
        "sid",
        "通话id",
        "呼叫id",
        "话单id",
        "通话编号",
        "呼叫编号",
        "话单编号",
        "流水号",
        "记录id",
        "callsheetid",
    ),
    "start_time": (
        "start_time",
        "start",
        "start time",
        "starttime",
        "calldate",
        "call date",
        "call_date",
        "dial time",
        "date",
        "datetime",
        "start_stamp",
        "开始时间",
        "呼叫时间",
        "拨打时间",
        "外呼时间",
        "呼叫开始时间",
        "拨号时间",
    ),
    "answer_time": ("answer_time", "answer", "answer time", "answered at", "answer_stamp", "接通时间", "应答时间", "接听时间"),
    "end_time": (
        "end_time",
        "end",
        "end time",
        "endtime",
        "ended at",
        "end_stamp",
        "结束时间",
        "挂机时间",
        "挂断时间",
        "通话结束时间",
    ),
    "phone": (
        "phone",
        "phone number",
        "phone_number",
        "called",
        "called number",
        "callee",
        "dst",
        "destination",
        "to",
        "number",
        "customer number",
        "被叫号码",
        "被叫",
        "客户号码",
        "客户电话",
        "电话号码",
        "手机号",
        "手机号码",
        "号码",
        "联系电话",
    ),
    "caller": ("caller", "caller id", "callerid", "src", "from", "calling number", "主叫号码", "主叫", "外显号码"),
    "campaign": (
        "campaign",
        "campaign name",
        "campaign_name",
        "project",
        "task",
        "list",
        "外呼任务",
        "任务名称",
        "任务",
        "项目",
        "项目名称",
        "活动",
        "活动名称",
    ),
    "agent_id": (
        "agent_id",
        "agent",
        "agent id",
        "agent name",
        "user",
        "operator",
        "坐席工号",
        "坐席",
        "工号",
        "坐席id",
        "坐席编号",
        "座席",
        "座席工号",
        "客服工号",
    ),
    "agent_name": ("agent_name", "agent full name", "agent's name", "坐席姓名", "坐席名称", "员工姓名"),
    "disposition": (
        "disposition",
        "status",
        "call status",
        "call result",
        "result",
        "hangup cause",
        "呼叫结果",
        "通话状态",
        "呼叫状态",
        "接通状态",
        "外呼结果",
    ),
    "ring_s": ("ring_s", "ring", "ring time", "ring seconds", "ringing", "振铃时长", "振铃时间", "等待时长"),
    "talk_s": (
        "talk_s",
        "talk",
        "talk time",
        "talk seconds",
        "billsec",
        "bill sec",
        "talk duration",
        "conversation time",
        "通话时长",
        "通话时间",
        "通话秒数",
        "计费时长",
        "有效通话时长",
    ),
    "outcome": ("outcome", "business outcome", "lead status", "业务结果", "通话结论", "客户意向", "意向等级", "跟进结果"),
    "complaint": ("complaint", "complained", "是否投诉", "投诉"),
    "opt_out": ("opt_out", "opt out", "optout", "dnc", "do not call", "unsubscribe", "是否退订", "退订", "拒绝再联系"),
    "follow_up": ("follow_up", "follow up", "followup", "callback", "是否跟进", "二次跟进", "需跟进"),
    "resolved": ("resolved", "issue resolved", "是否解决", "问题解决", "已解决"),
    "recontact": ("recontact", "re_contact", "willing to recontact", "同意再联系", "二次沟通意愿"),
    "csat_score": ("csat_score", "csat", "satisfaction", "satisfaction score", "survey score", "满意度", "满意度评分", "评分"),
    "revenue": ("revenue", "amount", "order amount", "sale amount", "成交金额", "订单金额", "金额", "销售额"),
    "recording_id": (
        "recording_id",
        "recording",
        "recording id",
        "recording url",
        "recording file",
        "录音id",
        "录音编号",
        "录音文件",
        "录音",
        "录音地址",
    ),
}


def normalise_header(name: object) -> str:
    """``' 通话时长(秒) '`` -> ``'通话时长'``; ``'Call_ID'`` -> ``'call id'``."""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    text = _BRACKETS.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


_LOOKUP: dict[str, str] = {normalise_header(alias): canonical for canonical, aliases in ALIASES.items() for alias in aliases}


def recognise_columns(headers: Iterable[object]) -> dict[object, str]:
    """Map source headers to canonical names; the first header wins when two mean the same."""
    mapping: dict[object, str] = {}
    taken: set[str] = set()
    for header in headers:
        canonical = _LOOKUP.get(normalise_header(header))
        if canonical and canonical not in taken:
            mapping[header] = canonical
            taken.add(canonical)
    return mapping


def suggest(header: str) -> str | None:
    """Closest known alias, for "did you mean" hints."""
    close = difflib.get_close_matches(normalise_header(header), list(_LOOKUP), n=1, cutoff=0.6)
    return _LOOKUP[close[0]] if close else None
