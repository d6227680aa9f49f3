-- V4.1 (where pgvector is available): agent_memories.embedding becomes the document's VECTOR(1536).
-- Elsewhere it stays REAL[] (V4), which holds the same 1536 floats without similarity search.

CREATE EXTENSION IF NOT EXISTS vector;

ALTER TABLE agent_intelligence.agent_memories
    ALTER COLUMN embedding TYPE vector(1536) USING embedding::vector(1536);
