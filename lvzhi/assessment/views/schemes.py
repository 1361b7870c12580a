"""Staff: scoring schemes (考核办法) — which applies, drafts from presets, editing, simulation, adoption."""

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.assessment import rules as R
from lvzhi.assessment.models import Scheme
from lvzhi.assessment.services import schemes as services
from lvzhi.core.apiinput import MAX_YEAR, MIN_YEAR
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import requires
from lvzhi.ledger.taxonomy import DutyKind, DutyRole


@requires(C.VIEW_ASSESSMENT)
def scheme_list(request: HttpRequest) -> HttpResponse:
    committee, year = request.committee, timezone.localdate().year
    if request.method == "POST":
        if not request.access.can(C.MANAGE_ASSESSMENT):
            return render(request, "403.html", status=403)
        name = request.POST.get("name", "").strip()[:100] or _("%(y)s年度考核办法") % {"y": year}
        try:
            scheme = services.create_draft(
                committee, actor=request.user, name=name, preset=request.POST.get("preset", "")
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("assessment:schemes")
        messages.success(request, _("已创建草稿，可以修改分值后模拟、施行"))
        return redirect("assessment:scheme", pk=scheme.pk)
    _rules, in_force = services.rules_in_force(committee, year)
    return render(
        request,
        "assessment/schemes.html",
        {
            "schemes": Scheme.objects.filter(committee=committee),
            "in_force": in_force,
            "year": year,
            "presets": R.preset_choices(),
            "can_manage": request.access.can(C.MANAGE_ASSESSMENT),
        },
    )


def _overlay(data: dict[str, Any], post: Any) -> dict[str, Any]:
    """The scheme's JSON with the table's edited numbers laid over it (a blank cap means no cap)."""
    data = json.loads(json.dumps(data))

    def number(raw: str) -> Any:
        raw = raw.strip()
        try:
            return float(raw) if "." in raw else int(raw)
        except ValueError:
            return raw  # parse() refuses it with a message naming the line

    for idx, item in enumerate(data["indicators"]):
        for role in list(item["roles"]):
            key = f"p-{idx}-{role}"
            if key in post:
                item["roles"][role] = number(post[key])
        if f"cap-{idx}" in post:
            item["cap"] = number(post[f"cap-{idx}"]) if post[f"cap-{idx}"].strip() else None
        if f"skip-{idx}" in post:
            item["skip"] = number(post[f"skip-{idx}"] or "0")
    for band in data["bands"]:
        key = f"band-{band['code']}"
        if key in post and band["code"] != "incompetent":
            band["min"] = number(post[key])
    if "excellent_quota" in post:
        raw = post["excellent_quota"].strip()
        data["excellent_quota"] = number(raw) / 100 if raw and isinstance(number(raw), int | float) else None
    if "ranking_policy" in post:
        data["ranking_policy"] = post["ranking_policy"]
    return data


def _rows(rules: R.Rules) -> list[dict[str, Any]]:
    kinds, roles = dict(DutyKind.choices), dict(DutyRole.choices)
    return [
        {
            "idx": idx,
            "i": i,
            "kinds": "、".join(str(kinds.get(k, k)) for k in i.kinds[:4]) + ("…" if len(i.kinds) > 4 else ""),
            "roles": [(role, roles.get(role, role), points) for role, points in i.roles.items()],
        }
        for idx, i in enumerate(rules.indicators)
    ]


@requires(C.VIEW_ASSESSMENT)
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme.objects.filter(committee=request.committee), pk=pk)
    problems: list[str] = []
    editable = scheme.status == Scheme.Status.DRAFT and request.access.can(C.MANAGE_ASSESSMENT)
    raw_json = json.dumps(scheme.rules, ensure_ascii=False, indent=1)
    if request.method == "POST":
        if not request.access.can(C.MANAGE_ASSESSMENT):
            return render(request, "403.html", status=403)
        action = request.POST.get("action", "save")
        try:
            if action == "save":
                if request.POST.get("json", "").strip():
                    try:
                        data = json.loads(request.POST["json"])
                    except ValueError:
                        raise DomainError("scheme.json", _("JSON 格式有误，请检查括号和逗号")) from None
                else:
                    data = _overlay(scheme.rules, request.POST)
                services.update_draft(scheme, actor=request.user, rules=data, name=request.POST.get("name"))
                messages.success(request, _("已保存"))
            elif action == "adopt":
                year = request.POST.get("from_year", "")
                if not year.isdigit() or not MIN_YEAR <= int(year) <= MAX_YEAR:
                    raise DomainError("scheme.year", _("请填写施行起始年度"))
                services.adopt(scheme, actor=request.user, from_year=int(year))
                messages.success(request, _("已施行"))
            elif action == "withdraw":
                services.withdraw(scheme, actor=request.user)
                messages.success(request, _("已废止"))
            elif action == "copy":
                scheme = services.create_draft(request.committee, actor=request.user, name=scheme.name, copy_of=scheme)
                messages.success(request, _("已复制为新草稿"))
            return redirect("assessment:scheme", pk=scheme.pk)
        except DomainError as error:
            problems = error.fields.get("rules", [error.message]) if error.fields else [error.message]
            raw_json = request.POST.get("json") or raw_json
    rules = R.parse(scheme.rules)
    return render(
        request,
        "assessment/scheme.html",
        {
            "scheme": scheme,
            "rules": rules,
            "indicators": _rows(rules),
            "can_manage": request.access.can(C.MANAGE_ASSESSMENT),
            "editable": editable,
            "problems": problems,
            "raw_json": raw_json,
            "last_year": timezone.localdate().year - 1,
            "next_year": timezone.localdate().year,
            "quota_percent": round(rules.excellent_quota * 100) if rules.excellent_quota else "",
        },
        status=422 if problems else 200,
    )


@requires(C.MANAGE_ASSESSMENT)
def scheme_simulate(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme.objects.filter(committee=request.committee), pk=pk)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR else timezone.localdate().year - 1
    result = services.simulate(request.committee, R.parse(scheme.rules), year)
    return render(request, "assessment/simulate.html", {"scheme": scheme, "sim": result})


urlpatterns = [
    path("schemes/", scheme_list, name="schemes"),
    path("schemes/<int:pk>/", scheme_detail, name="scheme"),
    path("schemes/<int:pk>/simulate/", scheme_simulate, name="scheme_simulate"),
]
