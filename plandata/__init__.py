"""Load the committed plan data file (plandata/data/regioplan.yaml) into the database.

The file holds the whole plan: regioplan's objects, monitoring's KPIs and participatie's
resident initiatives and recommendations. This app sits above all three so that none of
them imports another to load it.

Rules:
- one transaction: bad data stops the load with an error naming the record and field,
  and nothing is written;
- idempotent: a second run changes nothing and says so;
- an object edited in the portal since the last load is a conflict: skipped and
  reported, overwritten only with force=True. Each loaded object keeps the fingerprint
  of the file values it was loaded from; if its current values no longer match that
  fingerprint, someone edited it in the portal.
"""
