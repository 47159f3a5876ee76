SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", +t0."Released", +t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", +t0."Stamp" FROM "Items" t0 LEFT JOIN "Categories" t1 ON t0."CategoryID" = t1."ID" WHERE (t1."Country" = ? AND t1."Country" = ? COLLATE BINARY) ORDER BY t1."Title" COLLATE BINARY, t0."ID"
-- string "DE"
-- string "DE"
