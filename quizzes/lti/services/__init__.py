"""Writes of the LMS integration: launches, platforms, keys, deep linking, grades, roster, xAPI."""
