-- V39 (Citus, where TimescaleDB is absent): the extension V40 distributes the schema with. Citus must be in
-- shared_preload_libraries, or this fails and the whole migrate rolls back.
CREATE EXTENSION IF NOT EXISTS citus;
