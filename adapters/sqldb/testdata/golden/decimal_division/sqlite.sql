SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", +t0."Released", +t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", +t0."Stamp" FROM "Items" t0 WHERE (ROUND((CAST(t0."Price" AS REAL) / ?), 10) > ? AND ROUND((CAST(t0."Qty" AS REAL) / ?), 10) = ?) ORDER BY t0."ID"
-- float64 2
-- float64 1.25
-- float64 2
-- float64 1.5
