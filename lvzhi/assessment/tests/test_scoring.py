"""The default rules of DOMAIN.md §4.2 on hand-computed cases, and the fold and the trace agreeing."""

import datetime
from dataclasses import replace

import pytest

from lvzhi.assessment import rules as R
from lvzhi.assessment.scoring import score_committee, score_member, trace
from lvzhi.ledger.models import DutyRecord
from lvzhi.ledger.services import DutyEntry, record_duties
from lvzhi.org.models import MembershipStatus
from lvzhi.testing import make_member

YEAR = 2026


def add(world, member, *lines, year=YEAR, status=DutyRecord.Status.CONFIRMED):
    """Ledger rows for `member`: (kind, role) or (kind, role, month)."""
    entries = [
        DutyEntry(member, line[0], line[1], datetime.date(year, line[2] if len(line) > 2 else 3, 10), "事项")
        for line in lines
    ]
    return record_duties(committee=world.committee, entries=entries, recorded_by=None, status=status)


def score(world, member, rules=R.DEFAULT):
    return score_member(world.committee, YEAR, member.pk, rules)


def test_a_member_with_nothing_scores_zero_and_misses_every_minimum_duty(world):
    s = score(world, world.member)
    assert (s.score, s.band) == (0, "incompetent")
    assert s.missing_duties == ["M1", "M2", "M3"]


def test_three_ones_member_hand_computed(world):
    m = world.member
    add(
        world,
        m,
        ("plenary", "present"),  # B1: 1 of 1 → 30
        ("research", "present"),  # B2 5
        ("inspection", "present"),  # B2 5
        ("proposal", "first_proposer"),  # B3 20
        ("proposal", "first_proposer"),  # P1 +5 (each further)
        ("opinion", "submitter"),  # B4 5 (submitted, not adopted)
    )
    s = score(world, m)
    assert s.lines == {"B1": 30, "B2": 10, "B3": 20, "B4": 5, "P1": 5}
    assert (s.base, s.bonus, s.penalty, s.score) == (65, 5, 0, 70)
    assert (s.band, s.missing_duties, s.capped_by) == ("competent", [], [])


def test_plenary_half_days_count_as_a_ratio_and_unexcused_absence_costs_and_caps_the_band(world):
    m = world.member
    add(world, m, ("plenary", "present"), ("plenary", "present"), ("plenary", "excused"), ("plenary", "absent"))
    add(world, m, *[("research", "present")] * 8, ("proposal", "first_proposer"), ("opinion", "adopted_own"))
    add(world, m, ("award", "award_national"), ("media", "lead_author"), ("speech", "speaker"))
    s = score(world, m)
    # B1 = 30 × 2/4 = 15; B2 capped at 30; B3 20; B4 20 → 85; bonus 10 + 2 + 5 = 17; N1 −10
    assert s.lines["B1"] == 15 and s.lines["B2"] == 30 and s.lines["N1"] == -10
    assert (s.base, s.bonus, s.penalty, s.score) == (85, 17, -10, 92)
    # 92 would be 优秀, but an unexcused plenary absence caps the band at 基本称职 (§4.3)
    assert (s.band, s.capped_by) == ("basically_competent", ["unexcused_plenary"])


def test_caps_per_line_and_on_the_bonus_total(world):
    m = world.member
    add(world, m, *[("proposal", "first_proposer")] * 7)  # B3 20 + P1 6×5 = 30 → capped 20
    add(world, m, *[("opinion", "adopted_national")] * 3)  # P8 60
    s = score(world, m)
    assert s.lines["P1"] == 20 and s.lines["P8"] == 60
    assert s.bonus == 50  # the bonus total is capped at 50


def test_joint_credit_first_proposer_full_cosigner_participant_only(world):
    first, cosigner = world.member, make_member(world, "王芳")
    for member, role in ((first, "first_proposer"), (cosigner, "cosigner")):
        add(world, member, ("proposal", role), ("proposal", role), ("key_proposal", role))
    a, b = score(world, first), score(world, cosigner)
    assert (a.lines["B3"], a.lines["P1"], a.lines["P3"]) == (20, 5, 10)
    assert (b.lines["B3"], b.lines["P2"], b.lines["P3"]) == (5, 1, 3)


def test_no_double_counting_voided_and_pending_rows_earn_nothing(world):
    m = world.member
    (row,) = add(world, m, ("proposal", "first_proposer"))
    add(world, m, ("public_service", "participant"), status=DutyRecord.Status.PENDING)
    DutyRecord.objects.filter(pk=row.pk).update(status=DutyRecord.Status.VOIDED)
    assert score(world, m).score == 0


def test_a_disputed_row_keeps_counting_until_the_office_decides(world):
    (row,) = add(world, world.member, ("proposal", "first_proposer"))
    DutyRecord.objects.filter(pk=row.pk).update(status=DutyRecord.Status.DISPUTED)
    assert score(world, world.member).lines["B3"] == 20


def test_standing_member_base_rescaled_from_130(world):
    m = world.member
    m.memberships.update(is_standing_member=True)
    add(world, m, ("plenary", "present"), ("standing_meeting", "present"), ("standing_meeting", "absent"))
    s = score(world, m)
    # B1 30 + B5 30 × 1/2 = 45 of 130 → 45 × 100 / 130; N2 −5
    assert s.lines["B5"] == 15
    assert s.base == round(45 * 100 / 130, 2) and s.penalty == -5


def test_the_standing_line_is_ignored_for_other_members(world):
    add(world, world.member, ("plenary", "present"), ("standing_meeting", "present"))
    s = score(world, world.member)
    assert "B5" not in s.lines and s.base == 30


def test_mid_year_member_is_pro_rated_and_not_ranked(world):
    late = make_member(world, "赵敏")
    late.memberships.update(joined_on=datetime.date(YEAR, 7, 1), status=MembershipStatus.ADDED)
    add(world, late, *[("research", "present", 9)] * 6)
    s = score(world, late)
    # six months: B2's cap is 30 × 6/12 = 15; the plenary before joining drops out of the base (15 + 20 + 20)
    assert s.person.months == 6 and s.lines["B2"] == 15
    assert s.base == round(15 * 100 / 55, 2)
    assert s.rank is None


def test_member_who_left_before_the_year_is_not_assessed(world):
    gone = make_member(world, "钱进")
    gone.memberships.update(status=MembershipStatus.RESIGNED, status_effective_on=datetime.date(YEAR - 1, 6, 1))
    assert score(world, gone) is None


def test_two_unexcused_plenary_absences_in_the_term_make_the_band_incompetent(world):
    m = world.member
    add(world, m, ("plenary", "absent"), year=YEAR - 1)
    add(world, m, ("plenary", "absent"), *[("plenary", "present")] * 3, *[("research", "present")] * 6)
    add(world, m, ("proposal", "first_proposer"), ("opinion", "adopted_own"))
    s = score(world, m)
    assert s.score == 22.5 + 30 + 20 + 20 - 10
    assert s.band == "incompetent" and s.capped_by == ["unexcused_plenary", "term_plenary_absences"]


def test_bands_ranks_and_quota_for_the_committee(world):
    others = [make_member(world, name) for name in ("甲", "乙", "丙")]
    full = [("plenary", "present"), *[("research", "present")] * 6, ("proposal", "first_proposer")]
    full += [("opinion", "adopted_own"), ("award", "award_provincial")]
    for m in (world.member, others[0]):
        add(world, m, *full)  # 100 + 8 = 108
    add(world, others[1], ("plenary", "present"), ("research", "present"))
    scores = {s.member_id: s for s in score_committee(world.committee, YEAR, R.DEFAULT)}
    assert scores[world.member.pk].rank == scores[others[0].pk].rank == 1
    assert scores[others[1].pk].rank == 3 and scores[others[2].pk].rank == 4
    quota = replace(R.DEFAULT, excellent_quota=0.25)
    limited = {s.member_id: s for s in score_committee(world.committee, YEAR, quota)}
    assert [limited[m.pk].band for m in (world.member, others[0])] == ["excellent", "competent"]


def test_the_committee_pass_and_the_single_member_agree(world):
    add(world, world.member, ("plenary", "present"), ("research", "late"), ("proposal", "cosigner"))
    whole = {s.member_id: s for s in score_committee(world.committee, YEAR, R.DEFAULT)}
    assert whole[world.member.pk].score == score(world, world.member).score


@pytest.mark.parametrize("preset", sorted(R.PRESETS))
def test_every_point_is_traced_to_a_ledger_row(world, preset):
    rules = R.PRESETS[preset][1]
    m = world.member
    add(world, m, ("plenary", "present"), ("plenary", "absent"), *[("research", "present")] * 8)
    add(world, m, *[("proposal", "first_proposer")] * 3, ("proposal", "cosigner"), ("opinion", "adopted_own"))
    add(world, m, *[("opinion", "adopted_own")] * 7, *[("contact", "participant")] * 5, ("research", "late"))
    s = score(world, m, rules)
    traced = trace(list(DutyRecord.objects.filter(member=m)), s.person, rules)
    by_line: dict[str, float] = {}
    for row in traced:
        for code, points in row.lines:
            by_line[code] = by_line.get(code, 0) + points
    assert {k: round(v, 2) for k, v in by_line.items() if v} == {k: v for k, v in s.lines.items() if v}


def test_rules_round_trip_through_json_and_refuse_bad_input():
    for _label, rules in R.PRESETS.values():
        assert R.parse(rules.to_json()) == rules
    bad = R.DEFAULT.to_json()
    bad["indicators"][0]["roles"] = {"present": "many"}
    bad["indicators"][1]["kinds"] = ["nonsense"]
    bad["bands"] = [{"code": "excellent", "min": 90}]
    with pytest.raises(R.RulesError) as error:
        R.parse(bad)
    assert len(error.value.problems) == 3
    assert "未知代码" in str(error.value)
