SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", +t0."Released", +t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", +t0."Stamp" FROM "Items" t0 WHERE (((DATE(t0."Updated") = ? AND STRFTIME('%H:%M:%f', t0."Updated") < STRFTIME('%H:%M:%f', ?)) AND ROUND(ROUND(CAST(STRFTIME('%f', t0."Updated") AS REAL) - CAST(STRFTIME('%S', t0."Updated") AS INTEGER), 3), 10) > ?) AND CASE WHEN t0."Updated" IS NULL THEN NULL ELSE 0 END = ?) ORDER BY t0."ID"
-- string "2024-03-01"
-- string "23:59:00.000000"
-- float64 0
-- int64 0
