"""Dutch-aware hybrid retrieval: dense (Chroma) + lexical (BM25 with Dutch stemming, decompounding and a
curated synonym table), fused by reciprocal rank."""
