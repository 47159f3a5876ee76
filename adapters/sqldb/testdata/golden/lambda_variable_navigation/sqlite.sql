SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", +t0."Released", +t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", +t0."Stamp" FROM "Items" t0 WHERE EXISTS (SELECT 1 FROM "Lines" t1 LEFT JOIN "Items" t2 ON t1."ItemID" = t2."ID" LEFT JOIN "Categories" t3 ON t2."CategoryID" = t3."ID" WHERE t0."ID" = t1."ItemID" AND ((t3."Country" = ? AND t3."Country" = ? COLLATE BINARY))) ORDER BY t0."ID"
-- string "DE"
-- string "DE"
