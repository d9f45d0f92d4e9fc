"""Reads of the LMS integration: platforms, a course's LMS links and sync status, picker choices."""
