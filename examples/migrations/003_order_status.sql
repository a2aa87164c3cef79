-- A constant default is stored in the catalog (PostgreSQL 11+): no table rewrite.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';

-- Added NOT VALID, so existing rows are not scanned while writes are blocked; 004 validates it.
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')) NOT VALID;
