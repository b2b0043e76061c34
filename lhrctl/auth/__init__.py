"""Operator sign-in: the Thai ID card (thaiid.py, card.py) and passwords (passwords.py)."""
