"""What the roadmap leaves unfinished when the pair moves to Separation, for the core's
confirmation step (`mentorships.rules.left_unfinished`), which imports nothing of ours."""

from django.utils.translation import ngettext

from mentorships import rules
from mentorships.models import Mentorship
from roadmaps.models import Milestone

SHOWN = 5  # titles named; the rest are counted


@rules.register_unfinished
def milestones_not_done(mentorship: Mentorship) -> list[str]:
    milestones = list(
        Milestone.objects.filter(roadmap__mentorship=mentorship).only("title", "status")
    )
    left = [milestone for milestone in milestones if not milestone.is_done]
    if not left:
        return []
    done_percent = round(100 * (len(milestones) - len(left)) / len(milestones))
    titles = ", ".join(f"“{milestone.title}”" for milestone in left[:SHOWN])
    if len(left) > SHOWN:
        titles += ngettext(" and %(count)d more", " and %(count)d more", len(left) - SHOWN) % {
            "count": len(left) - SHOWN
        }
    return [
        ngettext(
            "The roadmap is %(percent)d%% done: %(count)d of %(total)d milestones is not "
            "done: %(titles)s.",
            "The roadmap is %(percent)d%% done: %(count)d of %(total)d milestones are not "
            "done: %(titles)s.",
            len(left),
        )
        % {
            "percent": done_percent,
            "count": len(left),
            "total": len(milestones),
            "titles": titles,
        }
    ]
