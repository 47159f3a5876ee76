SELECT t0."OrderID", t0."ItemID", t0."Amount" FROM "Lines" t0 WHERE (t0."OrderID" = CAST($1 AS INTEGER)) AND (t0."ItemID" = CAST($2 AS INTEGER)) ORDER BY t0."OrderID", t0."ItemID"
-- int64 10
-- int64 2
