"""Pages of the LMS integration."""
