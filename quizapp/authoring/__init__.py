"""Authoring: importing articles, reviewing and writing questions, question sets and the formats."""
