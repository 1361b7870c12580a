"""Sector-group assessment (DOMAIN.md §4.4): the office's ticks on a group's checklist, with their evidence."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.models import Committee, User
from lvzhi.core.scoping import scoped


class GroupEvidence(models.Model):
    """Staff ticked one item of a sector group's "八个有"/"168" checklist for a year, with a note and a file.

    Items the data shows (activities the group organised, its members' ledger) tick themselves and need no row;
    this is for the rest (a plan and summary, a 界别工作站, 联谊交流, 创新亮点) and for what happened off the system."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        "org.SectorGroup", verbose_name=_("界别活动组"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    item = models.CharField(_("考评项目"), max_length=30)
    note = models.CharField(_("佐证说明"), max_length=300)
    file = models.FileField(_("佐证材料"), upload_to="assessment/groups/", blank=True)
    ticked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    ticked_at = models.DateTimeField(default=timezone.now)

    objects = scoped()

    class Meta:
        verbose_name = _("界别考评佐证")
        verbose_name_plural = _("界别考评佐证")
        constraints = [models.UniqueConstraint(fields=["group", "year", "item"], name="one_group_evidence_per_item")]

    def __str__(self) -> str:
        return f"{self.year} {self.item}"
