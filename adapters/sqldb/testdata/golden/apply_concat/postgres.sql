SELECT "u1", "u0", "u2" FROM (SELECT 0 AS "b", x1."r1" AS "r", x1."a0" AS "u0", NULL AS "u1", NULL AS "u2" FROM (SELECT "a0", 1 AS "r1" FROM (SELECT SUM(t0."Price") AS "a0" FROM "Items" t0 WHERE (t0."Qty" > CAST($1 AS INTEGER))) t2) x1 UNION ALL SELECT 1 AS "b", x2."r3" AS "r", x2."a0" AS "u0", x2."g0" AS "u1", x2."a1" AS "u2" FROM (SELECT "g0", "a0", "a1", ROW_NUMBER() OVER (ORDER BY "a0" DESC NULLS LAST, "g0" COLLATE "C" NULLS FIRST) AS "r3" FROM (SELECT t4."Country" COLLATE "C" AS "g0", SUM(t0."Price") AS "a0", COUNT(*) AS "a1" FROM "Items" t0 LEFT JOIN "Categories" t4 ON t0."CategoryID" = t4."ID" WHERE (t0."Qty" > CAST($2 AS INTEGER)) GROUP BY t4."Country" COLLATE "C") t5 ORDER BY "a0" DESC NULLS LAST, "g0" COLLATE "C" NULLS FIRST LIMIT $3) x2) t6 ORDER BY "b", "r", "u1" COLLATE "C" NULLS FIRST LIMIT $4
-- int64 0
-- int64 0
-- int64 2
-- int64 5
