SELECT COUNT(*) FROM "Lines" t0 WHERE (SELECT COUNT(*) FROM "Shipments" t1 WHERE t0."OrderID" = t1."OrderID" AND t0."ItemID" = t1."ItemID") >= ?
-- int64 2
