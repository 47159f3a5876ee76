SELECT t0."ID", t0."Title", t0."Country" FROM "Categories" t0 ORDER BY t0."ID"
-- related Items
SELECT w.c0, w.c1, w.c2, w.c3, w.c4, w.c5, w.c6, w.c7, w.c8, w.c9, w.c10, w.c11, w.c12, w.c13, w.rn, w.cnt FROM (SELECT t0."ID" AS c0, t0."Name" AS c1, t0."Code" AS c2, t0."Price" AS c3, t0."Qty" AS c4, t0."Big" AS c5, t0."Ratio" AS c6, t0."Active" AS c7, +t0."Released" AS c8, +t0."Updated" AS c9, t0."Uid" AS c10, t0."CategoryID" AS c11, t0."Rank" AS c12, +t0."Stamp" AS c13, ROW_NUMBER() OVER (PARTITION BY t0."CategoryID" ORDER BY t0."Price" DESC, t0."ID") AS rn, COUNT(*) OVER (PARTITION BY t0."CategoryID") AS cnt FROM "Items" t0 WHERE t0."CategoryID" IN (?, ?)) w WHERE (w.rn > ? AND w.rn <= ?) OR w.rn = 1 ORDER BY w.c11, w.rn
-- int64 1
-- int64 2
-- int64 1
-- int64 3
