SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", +t0."Released", +t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", +t0."Stamp" FROM "Items" t0 WHERE (((((CAST(STRFTIME('%Y', t0."Updated") AS INTEGER) = ? AND CAST(STRFTIME('%m', t0."Updated") AS INTEGER) = ?) AND CAST(STRFTIME('%d', t0."Updated") AS INTEGER) = ?) AND CAST(STRFTIME('%H', t0."Updated") AS INTEGER) = ?) AND CAST(STRFTIME('%M', t0."Updated") AS INTEGER) = ?) AND CAST(STRFTIME('%S', t0."Updated") AS INTEGER) = ?) ORDER BY t0."ID"
-- int64 2024
-- int64 3
-- int64 1
-- int64 23
-- int64 30
-- int64 15
