"""Accounts: sign-up (with an optional join code), API tokens a user can see and revoke, and
the sign-in lockout. Django's own views log in and out."""
