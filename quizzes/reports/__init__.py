"""Reports from learners: a student reports a card or question (wrong, unclear, typo, other, with
a note) from the study screen or a quiz's feedback; the course's instructors see the open ones,
fix the item (a new version) or dismiss the report; the student sees what became of it."""
