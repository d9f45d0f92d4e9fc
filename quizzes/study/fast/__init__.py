"""The study hot path: the one fenced place in ``quizzes`` for hand-written SQL and lean JSON views.

Why it exists
-------------
Two calls run on every card of every study session: **next cards** (``GET
/api/v1/decks/{id}/study/``) and the **review POST** (``POST /api/v1/reviews/``). Their budgets
(DESIGN.md, docs/study.md, measured by ``bench/study.py`` as ratios to a trivial JSON view on the
same gunicorn in the same run): review POST ≥ 0.25× and next cards ≥ 0.35× the trivial view's
requests/s, next-cards latency with 1,000,000 schedules ≤ 1.5× that with 10,000; at most 4
statements to record a review and 3 for next cards (asserted in ``tests/study``). With the ORM
and DRF's full request cycle they reached 0.14× / 0.19×: the ORM's query building and model
machinery, DRF's parsing, serializers and rendering each cost more than the database's own work.
So here, and only here, statements are written by hand and the two views answer JSON directly.

What is here
------------
* ``views``          — ``LeanAPIView`` and the two endpoints (``DeckStudy``, ``ReviewCreate``).
                       DRF's own authentication, ``check_permissions`` and ``check_throttles``
                       run first, as for every view; only parsing and rendering are lean.
* ``auth``           — the token lookup in one query (DRF's ``TokenAuthentication`` contract).
* ``next_cards_sql`` — the reads behind next cards (``selectors.next_cards`` calls them).
* ``review_sql``     — the reads and writes behind a review (``services.reviews`` calls them).
* ``sql``            — what every statement is built from: column lists from the models, values
                       loaded as the ORM would, and the access rules of ``quizzes.study.access``
                       as SQL conditions.
* ``values``         — plain conversions of column values (no Django).

The rules of the fence
----------------------
* Everywhere else in ``quizzes``, reads and writes go through the ORM (``tests/test_architecture.py``
  fails on a cursor, ``raw``, ``extra``, ``RawSQL`` or an SQL statement outside this package and
  ``learning/sqlite``). Services and selectors call in here; views outside never do.
* No column list is written by hand: SELECT lists come from the models' fields (``sql.columns``)
  and the FSRS state is ``scheduling.STATE_FIELDS``, the one list the ORM code uses too.
* Who may study what is stated once, in ``quizzes.study.access``: ``selectors.decks`` filters
  with it, the SQL here renders it (``sql.deck_access``, ``sql.is_member``); a test checks both
  agree.
* Statements are portable (SQLite and PostgreSQL), take named parameters only, order by named
  columns, are built once (at import or per shape), and each is served by an index
  (``CardSchedule``'s and ``Review``'s ``Meta.indexes``).
"""
