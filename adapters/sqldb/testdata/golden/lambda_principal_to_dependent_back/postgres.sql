SELECT t0."ShipID", t0."OrderID", t0."ItemID", t0."Shipped" FROM "Shipments" t0 WHERE EXISTS (SELECT 1 FROM "Lines" t1 JOIN "Items" t2 ON t1."ItemID" = t2."ID" JOIN "Lines" t3 ON t2."ID" = t3."ItemID" WHERE t0."OrderID" = t1."OrderID" AND t0."ItemID" = t1."ItemID" AND (t3."Amount" >= CAST($1 AS INTEGER))) ORDER BY t0."ShipID"
-- int64 3
