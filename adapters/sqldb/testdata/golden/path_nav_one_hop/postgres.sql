SELECT t0."ID", t0."Name" FROM "Items" t0 WHERE t0."CategoryID" = CAST($1 AS INTEGER) ORDER BY t0."ID" LIMIT $2
-- int64 1
-- int64 5
