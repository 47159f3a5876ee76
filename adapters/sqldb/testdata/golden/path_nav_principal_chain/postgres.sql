SELECT t0."ShipID", t0."OrderID", t0."ItemID", t0."Shipped" FROM "Shipments" t0 WHERE EXISTS (SELECT 1 FROM "Lines" t1 WHERE t0."OrderID" = t1."OrderID" AND t0."ItemID" = t1."ItemID" AND (((t1."OrderID" = CAST($1 AS INTEGER) AND t1."ItemID" = CAST($2 AS INTEGER)) AND EXISTS (SELECT 1 FROM "Items" t2 WHERE t1."ItemID" = t2."ID" AND ((t2."ID" = CAST($3 AS INTEGER) AND t2."CategoryID" = CAST($4 AS INTEGER))))))) ORDER BY t0."ShipID" DESC
-- int64 10
-- int64 7
-- int64 7
-- int64 1
