"""Saved audiences (常用范围), the activity rules and the prior filing (事前报备) of a group's activity."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from lvzhi.activities import services
from lvzhi.activities.api.common import audience_in, audience_out, full, refreshed
from lvzhi.activities.api.schemas import (
    ActivityOut,
    ActivitySettingsIn,
    ActivitySettingsOut,
    FilingNoteIn,
    SavedAudienceIn,
    SavedAudienceOut,
)
from lvzhi.activities.models import Activity, SavedAudience
from lvzhi.activities.queries import can_manage
from lvzhi.core.apiinput import Id
from lvzhi.core.apikit import get_or_404, need
from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotAllowed

router = Router()


def _saved(saved: SavedAudience) -> dict:
    return {"id": saved.pk, "name": saved.name, "audience": audience_out(services.audience_from(saved))}


@router.get("/activity-audiences", response=list[SavedAudienceOut], summary="Saved audiences (常用范围)")
def list_saved_audiences(request: HttpRequest) -> list[dict]:
    need(request, C.MANAGE_ACTIVITIES)
    return [_saved(s) for s in SavedAudience.objects.all()]


@router.post("/activity-audiences", response={201: SavedAudienceOut}, summary="Save a named audience")
def create_saved_audience(request: HttpRequest, payload: SavedAudienceIn) -> Status:
    access = need(request, C.MANAGE_ACTIVITIES)
    saved = services.save_audience(
        committee=access.committee, name=payload.name, audience=audience_in(payload.audience), actor=request.user
    )
    return Status(201, _saved(saved))


@router.delete("/activity-audiences/{int:audience_id}", response={204: None}, summary="Delete a saved audience")
def delete_saved_audience(request: HttpRequest, audience_id: Id) -> Status:
    need(request)
    saved = get_or_404(SavedAudience.objects.all(), pk=audience_id)
    need(request, C.MANAGE_ACTIVITIES)
    services.delete_audience(saved, actor=request.user)
    return Status(204, None)


@router.get("/activity-settings", response=ActivitySettingsOut, summary="The committee's activity rules")
def get_activity_settings(request: HttpRequest) -> dict:
    access = need(request, C.MANAGE_ACTIVITIES)
    return {"group_filing_required": services.settings_for(access.committee).group_filing_required}


@router.put("/activity-settings", response=ActivitySettingsOut, summary="Change the committee's activity rules")
def put_activity_settings(request: HttpRequest, payload: ActivitySettingsIn) -> dict:
    access = need(request, C.MANAGE_ORG)
    saved = services.save_settings(
        access.committee, group_filing_required=payload.group_filing_required, actor=request.user
    )
    return {"group_filing_required": saved.group_filing_required}


def _activity(request: HttpRequest, activity_id: int) -> Activity:
    need(request)
    activity = get_or_404(Activity.objects.select_related("committee", "organiser_group"), pk=activity_id)
    need(request, C.MANAGE_ACTIVITIES)
    return activity


@router.post(
    "/activities/{int:activity_id}/filing/submit", response=ActivityOut, summary="File a group's draft for approval"
)
def submit_filing(request: HttpRequest, activity_id: Id) -> dict:
    activity = _activity(request, activity_id)
    if not can_manage(request.access, activity):
        raise NotAllowed("activity.not_organiser", _("您不是该活动的组织方"))
    services.submit_filing(activity, actor=request.user)
    return full(refreshed(activity))


@router.post(
    "/activities/{int:activity_id}/filing/approve", response=ActivityOut, summary="The supervising committee approves"
)
def approve_filing(request: HttpRequest, activity_id: Id, payload: FilingNoteIn) -> dict:
    activity = _activity(request, activity_id)
    services.approve_filing(activity, actor=request.user, access=request.access, note=payload.note)
    return full(refreshed(activity))


@router.post(
    "/activities/{int:activity_id}/filing/return", response=ActivityOut, summary="The supervising committee returns it"
)
def return_filing(request: HttpRequest, activity_id: Id, payload: FilingNoteIn) -> dict:
    activity = _activity(request, activity_id)
    services.return_filing(activity, actor=request.user, access=request.access, note=payload.note)
    return full(refreshed(activity))
