SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", t0."Released", t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", t0."Stamp" FROM "Items" t0 WHERE (t0."Qty" > CAST($1 AS INTEGER)) AND (t0."Code" COLLATE "C" > $2 COLLATE "C" OR (t0."Code" COLLATE "C" = $3 COLLATE "C" AND t0."ID" < CAST($4 AS INTEGER))) ORDER BY t0."Code" COLLATE "C", t0."ID" DESC LIMIT $5
-- int64 0
-- string "B2"
-- string "B2"
-- int64 7
-- int64 50
