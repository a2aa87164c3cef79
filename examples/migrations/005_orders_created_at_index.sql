-- bosun:no-transaction
-- CREATE INDEX CONCURRENTLY cannot run in a transaction; the header above lets this file run outside one.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at ON orders (created_at);
