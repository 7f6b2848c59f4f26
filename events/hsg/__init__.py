"""Import the Office of the Historian's open data (history.state.gov) into the archive.

One module per dataset, run in this order by ``manage.py import_hsg`` (each needs what the ones
before it made): ``taxonomy`` (places and topics), ``pocom`` (people and their posts), ``travels``
(presidents, and trips of presidents and secretaries of state), ``visits`` (visits of foreign
leaders) and ``milestones`` (eras and essays, which link the people, places and topics above).

``sync`` holds what they share: records are matched on a stable key from the source, written in
bulk with their history, and compared by fingerprint so that a second run changes nothing and a
record a curator has edited is left alone (see lib/importing.py). ``missing`` lists, at the end of
a run, the records an earlier run made that the source no longer has.
"""
