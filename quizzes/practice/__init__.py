"""Study my weakest claims: due cards and quiz items of a learner's weakest topics, in one
session (above progress, study and quiz, which it uses)."""
