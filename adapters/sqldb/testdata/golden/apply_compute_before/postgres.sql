SELECT "g0", "a0" FROM (SELECT t1."Country" COLLATE "C" AS "g0", SUM(t0."$c0") AS "a0" FROM (SELECT t0.*, (t0."Price" * t0."Qty") AS "$c0" FROM "Items" t0) t0 LEFT JOIN "Categories" t1 ON t0."CategoryID" = t1."ID" WHERE (t0."Active") AND (t0."$c0" > CAST($1 AS NUMERIC)) GROUP BY t1."Country" COLLATE "C") t2 ORDER BY "g0" COLLATE "C" NULLS FIRST
-- string "10"
