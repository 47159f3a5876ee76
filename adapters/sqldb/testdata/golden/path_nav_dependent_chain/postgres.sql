SELECT t0."ID", t0."Title", t0."Country" FROM "Categories" t0 WHERE EXISTS (SELECT 1 FROM "Items" t1 WHERE t0."ID" = t1."CategoryID" AND (EXISTS (SELECT 1 FROM "Lines" t2 WHERE t1."ID" = t2."ItemID" AND (EXISTS (SELECT 1 FROM "Shipments" t3 WHERE t2."OrderID" = t3."OrderID" AND t2."ItemID" = t3."ItemID" AND (t3."ShipID" = CAST($1 AS INTEGER))))))) ORDER BY t0."ID"
-- int64 3
