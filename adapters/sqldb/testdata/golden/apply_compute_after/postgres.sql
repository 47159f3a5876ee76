SELECT "g0", "a0", "a1", "c3", "c4", "c5" FROM (SELECT *, ("c3" * CAST($1 AS NUMERIC)) AS "c5" FROM (SELECT * FROM (SELECT *, ROUND(("a0" / NULLIF("a1", 0)), 10) AS "c3", ("a1" + CAST($2 AS BIGINT)) AS "c4" FROM (SELECT t1."Country" COLLATE "C" AS "g0", SUM(t0."Price") AS "a0", COUNT(*) AS "a1" FROM "Items" t0 LEFT JOIN "Categories" t1 ON t0."CategoryID" = t1."ID" GROUP BY t1."Country" COLLATE "C") t2) t3 WHERE ("c3" > CAST($3 AS NUMERIC))) t4) t5 ORDER BY "c3" DESC NULLS LAST, "g0" COLLATE "C" NULLS FIRST LIMIT $4
-- string "2"
-- int64 1
-- string "2"
-- int64 3
