SELECT t0."OrderID", t0."ItemID", t0."Amount" FROM "Lines" t0 WHERE (t0."OrderID" = $1) AND (t0."ItemID" = $2) ORDER BY t0."OrderID", t0."ItemID"
-- int64 10
-- int64 2
