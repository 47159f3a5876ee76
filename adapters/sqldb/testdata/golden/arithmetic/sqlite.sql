SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", +t0."Released", +t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", +t0."Stamp" FROM "Items" t0 WHERE (ROUND((t0."Price" + ?), 10) > ? AND ((t0."Qty" * ?) - ?) = ?) ORDER BY t0."ID"
-- float64 1.5
-- float64 10
-- int64 2
-- int64 1
-- int64 3
