-- Local chat store (SQLite) for Chainlit 2.12's SQLAlchemyDataLayer: the tables and columns its queries
-- use (chainlit/data/sql_alchemy.py), written for SQLite. Lists and objects (tags, metadata, generation,
-- props) are stored as JSON text. Applied idempotently at startup by bot/ui/datalayer.py:ensure_schema,
-- which also adds columns that an older chat.db lacks.

CREATE TABLE IF NOT EXISTS users (
    "id" TEXT PRIMARY KEY,
    "identifier" TEXT NOT NULL UNIQUE,
    "metadata" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TEXT
);

CREATE TABLE IF NOT EXISTS threads (
    "id" TEXT PRIMARY KEY,
    "createdAt" TEXT,
    "name" TEXT,
    "userId" TEXT REFERENCES users ("id") ON DELETE CASCADE,
    "userIdentifier" TEXT,
    "tags" TEXT,
    "metadata" TEXT
);

-- Messages and steps. Feedback is given on the "on_message" run step; the assistant message inside it
-- (parentId = the run) carries the question, answer, persona, history and sources in "metadata".
CREATE TABLE IF NOT EXISTS steps (
    "id" TEXT PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "threadId" TEXT NOT NULL REFERENCES threads ("id") ON DELETE CASCADE,
    "parentId" TEXT,
    "streaming" BOOLEAN NOT NULL DEFAULT 0,
    "waitForAnswer" BOOLEAN,
    "isError" BOOLEAN,
    "metadata" TEXT,
    "tags" TEXT,
    "input" TEXT,
    "output" TEXT,
    "createdAt" TEXT,
    "command" TEXT,
    "modes" TEXT,
    "start" TEXT,
    "end" TEXT,
    "generation" TEXT,
    "showInput" TEXT,
    "language" TEXT,
    "indent" INTEGER,
    "defaultOpen" BOOLEAN,
    "autoCollapse" BOOLEAN,
    "icon" TEXT
);

CREATE TABLE IF NOT EXISTS elements (
    "id" TEXT PRIMARY KEY,
    "threadId" TEXT REFERENCES threads ("id") ON DELETE CASCADE,
    "type" TEXT,
    "url" TEXT,
    "chainlitKey" TEXT,
    "name" TEXT NOT NULL,
    "display" TEXT,
    "objectKey" TEXT,
    "size" TEXT,
    "page" INTEGER,
    "language" TEXT,
    "forId" TEXT,
    "mime" TEXT,
    "props" TEXT,
    "autoPlay" BOOLEAN,
    "playerConfig" TEXT
);

CREATE TABLE IF NOT EXISTS feedbacks (
    "id" TEXT PRIMARY KEY,
    "forId" TEXT NOT NULL,
    "threadId" TEXT REFERENCES threads ("id") ON DELETE CASCADE,
    "value" INTEGER NOT NULL,
    "comment" TEXT
);

-- Content of persisted elements (the source passages shown with an answer): the data layer's storage
-- client writes here instead of to a cloud bucket, so a resumed thread shows its sources again.
CREATE TABLE IF NOT EXISTS element_files (
    "objectKey" TEXT PRIMARY KEY,
    "mime" TEXT,
    "data" BLOB NOT NULL
);

CREATE INDEX IF NOT EXISTS threads_user ON threads ("userId");
CREATE INDEX IF NOT EXISTS steps_thread ON steps ("threadId");
CREATE INDEX IF NOT EXISTS steps_parent ON steps ("parentId");
CREATE INDEX IF NOT EXISTS elements_thread ON elements ("threadId");
CREATE INDEX IF NOT EXISTS feedbacks_for ON feedbacks ("forId");
