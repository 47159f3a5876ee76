SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", t0."Released", t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", t0."Stamp" FROM "Items" t0 WHERE (((((CAST(EXTRACT(YEAR FROM t0."Updated") AS INTEGER) = CAST($1 AS INTEGER) AND CAST(EXTRACT(MONTH FROM t0."Updated") AS INTEGER) = CAST($2 AS INTEGER)) AND CAST(EXTRACT(DAY FROM t0."Updated") AS INTEGER) = CAST($3 AS INTEGER)) AND CAST(EXTRACT(HOUR FROM t0."Updated") AS INTEGER) = CAST($4 AS INTEGER)) AND CAST(EXTRACT(MINUTE FROM t0."Updated") AS INTEGER) = CAST($5 AS INTEGER)) AND CAST(FLOOR(EXTRACT(SECOND FROM t0."Updated")) AS INTEGER) = CAST($6 AS INTEGER)) ORDER BY t0."ID"
-- int64 2024
-- int64 3
-- int64 1
-- int64 23
-- int64 30
-- int64 15
