"""The question bank: one item lifecycle (create, version, tag, approve, reject, delete, bulk,
duplicates, history), with questions and cards as two configurations of it (``kinds.py``).
Generated drafts land here; only approved items reach quizzes and decks."""
