"""LMS integration: LTI 1.3 launch, deep linking, grade passback (AGS), roster (NRPS), xAPI.

Everything LTI lives here and calls the other domains' services and selectors; nothing in the
bank, quiz or study code knows about LTI (grades attach to ``quizzes.activity``)."""
