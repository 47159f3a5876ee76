SELECT t0."ID" FROM "Items" t0 ORDER BY t0."ID" LIMIT ? OFFSET ?
-- int64 10
-- int64 20
