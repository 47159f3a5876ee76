SELECT t0."ID", t0."Title", t0."Country" FROM "Categories" t0 ORDER BY t0."ID"
-- related Items
SELECT t0."Name", t0."ID", t0."CategoryID" FROM "Items" t0 WHERE (t0."CategoryID" = CAST($1 AS INTEGER) AND t0."Qty" > CAST($2 AS INTEGER)) ORDER BY t0."ID"
-- int64 1
-- int64 0
-- related Items/Lines
SELECT w.c0, w.c1, w.c2, w.rn, w.cnt FROM (SELECT t0."OrderID" AS c0, t0."ItemID" AS c1, t0."Amount" AS c2, ROW_NUMBER() OVER (PARTITION BY t0."ItemID" ORDER BY t0."OrderID", t0."ItemID") AS rn, COUNT(*) OVER (PARTITION BY t0."ItemID") AS cnt FROM "Lines" t0 WHERE t0."ItemID" IN (CAST($1 AS INTEGER), CAST($2 AS INTEGER))) w WHERE w.rn <= $3 ORDER BY w.c1, w.rn
-- int64 7
-- int64 9
-- int64 5
