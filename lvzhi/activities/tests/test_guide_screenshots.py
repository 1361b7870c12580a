"""`manage.py guide_screenshots` regenerates the user guide's pictures from the demo in real Chromium, and refuses
clearly (in Chinese, never a traceback) when there is nothing to photograph or the name asked for is unknown."""

import pytest
from django.core.management import CommandError, call_command

from lvzhi.activities.management.commands.guide_screenshots import SHOTS


@pytest.mark.django_db
def test_without_the_demo_it_says_to_load_it_first(tmp_path):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("guide_screenshots", output=str(tmp_path))
    assert not list(tmp_path.iterdir())


def test_every_picture_has_a_unique_name_and_is_linked_from_the_guide(settings):
    names = [s.name for s in SHOTS]
    assert len(names) == len(set(names))
    guide = (settings.BASE_DIR / "docs" / "user-guide.md").read_text()
    assert [n for n in names if f"screenshots/{n}.png" not in guide] == []


@pytest.mark.browser
def test_it_photographs_the_demo_screens_asked_for(transactional_db, tmp_path):
    call_command("load_demo")
    with pytest.raises(CommandError, match="没有这些截图"):
        call_command("guide_screenshots", output=str(tmp_path), only=["nonsense"])
    call_command("guide_screenshots", output=str(tmp_path), only=["district-member-invited", "manage-cross-level"])
    pictures = sorted(p.name for p in tmp_path.iterdir())
    assert pictures == ["district-member-invited.png", "manage-cross-level.png"]
    for picture in tmp_path.iterdir():
        data = picture.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000
