SELECT "g0", "a0", "a1", "c3", "c4", "c5" FROM (SELECT *, ROUND(("c3" * ?), 10) AS "c5" FROM (SELECT * FROM (SELECT *, ROUND((CAST("a0" AS REAL) / "a1"), 10) AS "c3", ("a1" + ?) AS "c4" FROM (SELECT t1."Country" COLLATE BINARY AS "g0", ROUND(SUM(t0."Price"), 10) AS "a0", COUNT(*) AS "a1" FROM "Items" t0 LEFT JOIN "Categories" t1 ON t0."CategoryID" = t1."ID" GROUP BY t1."Country" COLLATE BINARY) t2) t3 WHERE (ROUND("c3", 10) > ?)) t4) t5 ORDER BY "c3" DESC, "g0" COLLATE BINARY LIMIT ?
-- float64 2
-- int64 1
-- float64 2
-- int64 3
