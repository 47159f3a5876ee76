SELECT t0."ID", t0."Name", t0."CategoryID" FROM "Items" t0 ORDER BY t0."ID"
-- related Category
SELECT t0."Title", t0."ID" FROM "Categories" t0 WHERE t0."ID" IN (CAST($1 AS INTEGER), CAST($2 AS INTEGER)) ORDER BY t0."ID"
-- int64 3
-- int64 4
