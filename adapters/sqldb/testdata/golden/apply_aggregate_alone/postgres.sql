SELECT "a0", "a1" FROM (SELECT SUM(t0."Price") AS "a0", COUNT(*) AS "a1" FROM "Items" t0) t1
