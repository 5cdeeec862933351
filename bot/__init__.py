"""Wijzer: a Dutch-first advisory chatbot that answers only from its corpus."""
