SELECT t0."ID", t0."Title" FROM "Categories" t0 ORDER BY t0."ID"
-- related Items
SELECT w.c0, w.c1, w.rn FROM (SELECT t0."ID" AS c0, t0."CategoryID" AS c1, ROW_NUMBER() OVER (PARTITION BY t0."CategoryID" ORDER BY t0."ID" DESC) AS rn FROM "Items" t0 WHERE t0."CategoryID" IN (?, ?)) w WHERE w.rn <= ? ORDER BY w.c1, w.rn
-- int64 1
-- int64 2
-- int64 2
