"""The states of a proposal and of a co-author (pure: no Flask, no database), shared by the
models and the permission rules."""

from __future__ import annotations

from enum import StrEnum


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


#: The outcomes an official may give in the answer.
DECISIONS = (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED, ProposalStatus.MERGED)


class AuthorStatus(StrEnum):
    #: The lead organization invited this organization to co-author.
    INVITED = "invited"
    #: This organization offered to join a proposal that looks for partners.
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
