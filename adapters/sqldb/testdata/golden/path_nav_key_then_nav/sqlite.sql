SELECT t0."OrderID", t0."ItemID", t0."Amount" FROM "Lines" t0 WHERE (EXISTS (SELECT 1 FROM "Items" t1 WHERE t0."ItemID" = t1."ID" AND ((t1."ID" = ? AND t1."CategoryID" = ?))) AND t0."Amount" > ?) ORDER BY t0."OrderID", t0."ItemID"
-- int64 7
-- int64 1
-- int64 2
