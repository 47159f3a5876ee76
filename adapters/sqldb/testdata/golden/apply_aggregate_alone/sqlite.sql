SELECT "a0", "a1" FROM (SELECT ROUND(SUM(t0."Price"), 10) AS "a0", COUNT(*) AS "a1" FROM "Items" t0) t1
