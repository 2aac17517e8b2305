import pytest

from roadmaps.curated import install_curated_templates
from roadmaps.models import MilestoneTemplate, RoadmapTemplate


@pytest.fixture(autouse=True)
def curated_templates(db):
    """The data migration installs them, but a transactional test (the browser tests) flushes
    every table afterwards: install them again when they are gone."""
    install_curated_templates(RoadmapTemplate, MilestoneTemplate)
