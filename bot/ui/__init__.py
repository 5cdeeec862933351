"""The chat page: a Chainlit app around the answer service.

``app.py`` is the Chainlit entry (thin handlers); ``chat.py`` holds the per-message flow; ``views.py``
the pure text building (welcome, sources, history) that the unit tests cover; ``datalayer.py`` the local
SQLite persistence (threads, steps, feedback); ``feedback_store.py`` reads feedback back for the evals;
``launch.py`` starts the server.
"""
