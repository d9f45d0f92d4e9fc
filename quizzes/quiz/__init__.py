"""Quizzes and attempts: settings and slots, random draws, publishing, taking (autosave, flags,
the navigator), submitting and settling overdue attempts, grading, review policies, statistics,
regrading, and the instructor's preview."""
