SELECT t0."ID", t0."Name" FROM "Items" t0 WHERE t0."ID" > ? ORDER BY t0."ID" LIMIT ?
-- int64 42
-- int64 100
