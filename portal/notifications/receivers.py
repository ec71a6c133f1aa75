"""Receivers of the users app's signals: structure requests and their outcome become notifications."""
