-- VALIDATE CONSTRAINT takes a lock that lets reads and writes go on.
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;
