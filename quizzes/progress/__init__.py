"""What each learner has mastered, per claim and term, from quiz answers and card memory:
the learner's dashboard, the class view and its drill-downs."""
