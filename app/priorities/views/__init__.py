"""The vote pages, by audience: the index and a vote's page (``index``), the officials' setup
(``setup``), casting a ballot online (``ballot``), paper ballots typed in by officials
(``paper``), and the results with their downloads and the receipt check (``results``). The URL
map is in :mod:`app.priorities.blueprint`.
"""
