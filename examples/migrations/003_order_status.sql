-- Bound how long this file may hold its locks (bosun already sets lock_timeout from lock-timeout);
-- SET LOCAL ends with the migration's transaction. Without it, lint require-timeout-settings asks for one.
SET LOCAL statement_timeout = '1min';

-- A constant default is stored in the catalog (PostgreSQL 11+): no table rewrite.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';

-- Added NOT VALID, so existing rows are not scanned while writes are blocked; 004 validates it.
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')) NOT VALID;
