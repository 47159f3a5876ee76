SELECT t0."ID", t0."Name" FROM "Items" t0 WHERE t0."Qty" > ? ORDER BY t0."ID"
-- int64 5
