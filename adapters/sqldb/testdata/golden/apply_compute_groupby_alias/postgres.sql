SELECT "g0", "g1", "a0" FROM (SELECT t0."$c0" AS "g0", t0."$c1" AS "g1", SUM(t0."Qty") AS "a0" FROM (SELECT t0.*, CAST(EXTRACT(YEAR FROM t0."Released") AS INTEGER) AS "$c0", ((CAST(EXTRACT(YEAR FROM t0."Released") AS INTEGER)) + CAST($1 AS INTEGER)) AS "$c1" FROM "Items" t0) t0 GROUP BY t0."$c0", t0."$c1") t1 ORDER BY "a0" DESC NULLS LAST, "g0" NULLS FIRST, "g1" NULLS FIRST
-- int64 1
