SELECT "g0", "a0" FROM (SELECT t1."Country" COLLATE BINARY AS "g0", ROUND(SUM(t0."$c0"), 10) AS "a0" FROM (SELECT t0.*, ROUND((t0."Price" * t0."Qty"), 10) AS "$c0" FROM "Items" t0) t0 LEFT JOIN "Categories" t1 ON t0."CategoryID" = t1."ID" WHERE (t0."Active" <> 0) AND (ROUND(t0."$c0", 10) > ?) GROUP BY t1."Country" COLLATE BINARY) t2 ORDER BY "g0" COLLATE BINARY
-- float64 10
