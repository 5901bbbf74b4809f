"""The logic views call. Views validate a form, call a service, and render or redirect."""
