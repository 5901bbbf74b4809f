"""Extractors: a parsed article in, facts out, one module per kind of fact (dates, speakers, demands,
roles, places and numbers), with the people and clauses they share."""
