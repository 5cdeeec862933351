"""Ingest: load corpus files, clean, chunk, embed and index them into Chroma."""
