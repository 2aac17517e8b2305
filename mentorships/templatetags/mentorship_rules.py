"""The lifecycle's rules (mentorships/rules.py) for templates, in booleans and words, so that no
template compares a stage, a status or a role itself:

    {% load mentorship_rules %}
    {% if mentorship|contract_editable %}…{% endif %}
    {% if mentorship|awaits_agreement_of:user %}…{% endif %}
    {{ mentorship|pair_line:user }}
    {{ mentorship|expected_rhythm }}  ("meet every two weeks"; .why says where it comes from)
"""

from django import template

from mentorships import rules

register = template.Library()

for rule in (
    rules.contract_editable,
    rules.awaits_agreement_of,
    rules.goals_markable,
    rules.in_separation,
    rules.review_open,
    rules.relationship_editable,
    rules.awaits_confirmation_of,
    rules.proposal_line,
    rules.pair_line,
    rules.other_role,
    rules.feedback_opening,
    rules.expected_rhythm,
):
    register.filter(rule.__name__, rule)
