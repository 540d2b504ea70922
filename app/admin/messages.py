"""What the admin pages call the audit log's actions and the account's memberships."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.common.audit import Action
from app.organizations.states import MembershipStatus

ACTION_LABELS = {
    Action.ORGANIZATION_VERIFY: _l("Organization verified"),
    Action.ORGANIZATION_REJECT: _l("Organization rejected"),
    Action.MEMBERSHIP_APPROVE: _l("Representative approved"),
    Action.MEMBERSHIP_REFUSE: _l("Representative refused"),
    Action.ROLE_CHANGE: _l("Role changed"),
    Action.DEACTIVATE: _l("Account deactivated"),
    Action.REACTIVATE: _l("Account reactivated"),
    Action.CONSULTATION_CREATE: _l("Consultation created"),
    Action.CONSULTATION_UPDATE: _l("Consultation edited"),
    Action.CONSULTATION_ANNOUNCE: _l("Consultation announced"),
    Action.VERSION_PUBLISH: _l("Document version published"),
    Action.ATTACHMENT_ADD: _l("Attachment added"),
    Action.COMMENT_PAPER: _l("Paper remark entered"),
    Action.COMMENT_HIDE: _l("Remark hidden"),
    Action.ANSWER_SAVE: _l("Answer to a remark saved as a draft"),
    Action.ANSWER_PUBLISH: _l("Answer to a remark published"),
    Action.REPORT_PUBLISH: _l("Consultation report published"),
    Action.PROPOSAL_REVIEW_START: _l("Proposal review started"),
    Action.PROPOSAL_ANSWER_SAVE: _l("Answer to a proposal saved as a draft"),
    Action.PROPOSAL_ANSWER_PUBLISH: _l("Answer to a proposal published"),
    Action.PROPOSAL_NOTE: _l("Internal note on a proposal"),
    Action.PROPOSAL_COMMENT_HIDE: _l("Comment on a proposal hidden"),
    Action.EVENT_CREATE: _l("Event created"),
    Action.EVENT_UPDATE: _l("Event edited"),
    Action.EVENT_DELETE: _l("Event deleted"),
    Action.OPPORTUNITY_CREATE: _l("Opportunity created"),
    Action.OPPORTUNITY_UPDATE: _l("Opportunity edited"),
    Action.VOTE_CREATE: _l("Vote created"),
    Action.VOTE_UPDATE: _l("Vote edited"),
    Action.VOTE_OPTIONS: _l("Vote options changed"),
    Action.VOTE_OPEN_EARLY: _l("Vote opened early"),
    Action.VOTE_CLOSE_EARLY: _l("Vote closed early"),
    Action.BALLOT_CAST: _l("Ballot cast"),
    Action.BALLOT_PAPER: _l("Paper ballot entered"),
    Action.VOTE_RESULTS_PREVIEW: _l("Vote results previewed"),
    Action.VOTE_RESULTS_PUBLISH: _l("Vote results published"),
}

MEMBERSHIP_LABELS = {
    MembershipStatus.APPROVED: _l("representative"),
    MembershipStatus.PENDING: _l("waiting for a decision"),
    MembershipStatus.REFUSED: _l("refused"),
}
