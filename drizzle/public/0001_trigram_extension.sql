-- pg_trgm backs the trigram index of the client search (tenant migration 0005). A trusted
-- extension since PostgreSQL 13: a database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
