SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", t0."Released", t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", t0."Stamp" FROM "Items" t0 WHERE ((ROUND(t0."Price") = CAST($1 AS NUMERIC) AND FLOOR(t0."Ratio") = CAST($2 AS DOUBLE PRECISION)) AND CEIL(t0."Price") = CAST($3 AS NUMERIC)) ORDER BY t0."ID"
-- string "3"
-- float64 0
-- string "3"
