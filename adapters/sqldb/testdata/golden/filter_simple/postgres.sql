SELECT t0."ID", t0."Name" FROM "Items" t0 WHERE t0."Qty" > CAST($1 AS INTEGER) ORDER BY t0."ID"
-- int64 5
