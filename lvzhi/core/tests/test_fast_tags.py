"""lvzhi_fast's choice_label: the same text as get_FOO_display, without translating every choice per call."""

from django.utils import translation

from lvzhi.core.templatetags.lvzhi_fast import choice_label
from lvzhi.proposals.models import Proposal


def test_choice_label_gives_the_display_text_and_an_unknown_value_as_it_is():
    row = Proposal(status=Proposal.Status.ACCEPTED, category="society")
    with translation.override("zh-hans"):
        assert choice_label(row, "status") == row.get_status_display() == "已立案"
        assert choice_label(row, "category") == row.get_category_display()
    row.status = "no_such_status"
    assert choice_label(row, "status") == "no_such_status"
