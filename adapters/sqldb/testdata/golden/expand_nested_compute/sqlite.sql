SELECT t0."ID", t0."Title", t0."Country" FROM "Categories" t0 ORDER BY t0."ID"
-- related Items
SELECT w.c0, w.c1, w.c2, w.c3, w.rn FROM (SELECT t0."Name" AS c0, t0."$c0" AS c1, t0."ID" AS c2, t0."CategoryID" AS c3, ROW_NUMBER() OVER (PARTITION BY t0."CategoryID" ORDER BY t0."$c0" DESC, t0."ID") AS rn FROM (SELECT t0.*, ROUND((t0."Price" * t0."Qty"), 10) AS "$c0" FROM "Items" t0) t0 WHERE (t0."CategoryID" IN (?, ?) AND ROUND(t0."$c0", 10) > ?)) w WHERE w.rn <= ? ORDER BY w.c3, w.rn
-- int64 1
-- int64 2
-- float64 5
-- int64 2
