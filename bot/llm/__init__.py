"""The optional LLM mode: a chat model writes the answer from the retrieved passages, and a verifier
lets only sentences that their cited passages support reach the user. Nothing here is imported unless
``settings.llm.mode`` is not ``none``."""
