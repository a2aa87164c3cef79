-- Deliberate lint finding (changing-column-type): widening the column rewrites the table under an
-- ACCESS EXCLUSIVE lock. Fine on a small table; on a big one, add a bigint column and backfill instead.
ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;
