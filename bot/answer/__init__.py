"""Composing grounded answers from retrieved passages."""
