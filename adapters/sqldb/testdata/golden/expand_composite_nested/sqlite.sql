SELECT t0."OrderID", t0."ItemID", t0."Amount" FROM "Lines" t0 ORDER BY t0."OrderID", t0."ItemID"
-- related Shipments
SELECT w.c0, w.c1, w.c2, w.c3, w.rn FROM (SELECT t0."ShipID" AS c0, t0."OrderID" AS c1, t0."ItemID" AS c2, t0."Shipped" AS c3, ROW_NUMBER() OVER (PARTITION BY t0."OrderID", t0."ItemID" ORDER BY t0."ShipID" DESC) AS rn FROM "Shipments" t0 WHERE ((t0."OrderID" = ? AND t0."ItemID" = ?) OR (t0."OrderID" = ? AND t0."ItemID" = ?))) w WHERE w.rn <= ? ORDER BY w.c1, w.c2, w.rn
-- int64 100
-- int64 1
-- int64 101
-- int64 8
-- int64 1
-- related Item
SELECT t0."Name", t0."ID" FROM "Items" t0 WHERE t0."ID" IN (?, ?) ORDER BY t0."ID"
-- int64 5
-- int64 7
