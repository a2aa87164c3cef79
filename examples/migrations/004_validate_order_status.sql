-- Bound how long this file may hold its locks (bosun already sets lock_timeout from lock-timeout);
-- SET LOCAL ends with the migration's transaction. Without it, lint require-timeout-settings asks for one.
SET LOCAL statement_timeout = '1min';

-- VALIDATE CONSTRAINT takes a lock that lets reads and writes go on.
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;
