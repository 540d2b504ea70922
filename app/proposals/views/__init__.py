"""Proposals' views, by audience: ``public`` (the list, downloads, partners, a proposal's page),
``authoring`` (filing, changing, co-authors), ``participation`` (endorsements, discussion) and
``review`` (the officials). The URL map is in :mod:`app.proposals.blueprint`.

Every handler: load or 404, check a predicate from ``permissions`` (403), validate, call one
service, commit, then flash and redirect.
"""
